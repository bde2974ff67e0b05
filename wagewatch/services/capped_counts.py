"""Counts past their cap ("1,000+") remembered for a minute per app process, so a busy office's
pages do not count a thousand and one rows of each such count on every visit."""

from __future__ import annotations

import time
from collections.abc import Hashable

from flask import current_app

#: How long (seconds) a count that passed its cap is shown as "1,000+" without counting again,
#: per app process. At 100,000 cases the clerk's queue counted 1,001 lapsed orders (each with its
#: owed and paid sums) on every visit, about a third of the home's SQL. The callers always read
#: the rows they show, and count exactly at once whenever fewer than a page come back.
CAPPED_SECONDS = 60
CAPPED_KEY = "capped_counts"


def known_capped(key: Hashable) -> dict[str, float]:
    """The counts of ``key`` (a page, its office and scope, the day and the cap) found past the
    cap within CAPPED_SECONDS, by name, with when they were counted."""
    store: dict = current_app.extensions.setdefault(CAPPED_KEY, {})
    now = time.monotonic()
    return {name: at for name, at in store.get(key, {}).items() if now - at < CAPPED_SECONDS}


def remember_capped(key: Hashable, known: dict[str, float], capped: set[str]) -> None:
    """Keep when each of ``key``'s capped counts was last counted (one taken as capped keeps its
    time, so it is counted again once that time is CAPPED_SECONDS old); forget the others."""
    store: dict = current_app.extensions.setdefault(CAPPED_KEY, {})
    now = time.monotonic()
    for old in [k for k, counts in list(store.items())
                if all(now - at >= CAPPED_SECONDS for at in counts.values())]:
        store.pop(old, None)
    kept = {name: known.get(name, now) for name in capped}
    if kept:
        store[key] = kept
    else:
        store.pop(key, None)
