"""The clerk's queue's counts past the cap ("1,000+"), remembered for a minute per app process so
a busy office's home does not count 1,001 rows of each such kind on every visit."""

from __future__ import annotations

import time
from datetime import date

from flask import current_app

#: How long (seconds) a kind whose count passed the cap (work_queue.COUNT_CAP) is shown as
#: "1,000+" without counting again, per app process: a busy office's home otherwise counts 1,001
#: rows of each such kind on every visit (the lapsed orders' count, each with its owed and paid
#: sums, was about a third of the home's SQL at 100,000 cases). A kind's rows are always read;
#: when fewer than the page's limit come back, its count is exact again at once.
CAPPED_SECONDS = 60
CAPPED_KEY = "work_queue_capped"


def known_capped(office_id: int, user_id: int | None, today: date) -> dict[str, float]:
    """The kinds of this queue counted past the cap within CAPPED_SECONDS, with when."""
    store: dict = current_app.extensions.setdefault(CAPPED_KEY, {})
    now = time.monotonic()
    return {kind: at for kind, at in store.get((office_id, user_id, today), {}).items()
            if now - at < CAPPED_SECONDS}


def remember_capped(known: dict[str, float], capped: set[str], office_id: int,
                     user_id: int | None, today: date) -> None:
    """Keep when each capped kind was last counted (a kind taken as capped keeps its time, so it
    is counted again once that time is CAPPED_SECONDS old); forget the kinds below the cap."""
    store: dict = current_app.extensions.setdefault(CAPPED_KEY, {})
    now = time.monotonic()
    for old in [key for key, kinds in list(store.items())
                if all(now - at >= CAPPED_SECONDS for at in kinds.values())]:
        store.pop(old, None)
    kept = {kind: known.get(kind, now) for kind in capped}
    if kept:
        store[(office_id, user_id, today)] = kept
    else:
        store.pop((office_id, user_id, today), None)
