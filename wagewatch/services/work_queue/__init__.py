"""The clerk's queue of due work, read in a few bounded, index-friendly queries (one or two per
kind, each limited): complaints to accept, investigations near their limit, lapsed orders,
blacklist candidates, objections, listing and early-removal decisions, referral steps."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from wagewatch.rules.work_queue import KINDS, DueItem, RankedItem, rank
from wagewatch.rules.working_days import WorkingDayCalendar
from wagewatch.services import capped_counts
from wagewatch.services.work_queue import case_kinds, flag_kinds, reading


@dataclass(frozen=True)
class WorkQueue:
    """The first ``limit`` items by legal deadline, and how many of each kind are due in all."""

    items: list[RankedItem]
    counts: dict[str, int]
    #: The kinds whose count stopped at reading.COUNT_CAP: more are due than counted.
    capped_kinds: frozenset[str] = frozenset()

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def capped(self) -> bool:
        """Whether a count stopped at reading.COUNT_CAP (the total is then shown as "1,000+")."""
        return bool(self.capped_kinds)

    def count_text(self, kind: str) -> str:
        """A kind's count as shown: "12", or "1,000+" when it stopped at the cap."""
        count = self.counts.get(kind, 0)
        return f"{count:,}+" if kind in self.capped_kinds else f"{count:,}"

    @property
    def total_text(self) -> str:
        return f"{self.total:,}+" if self.capped else f"{self.total:,}"


def clerk_queue(office_id: int, user_id: int, today: date, calendar: WorkingDayCalendar, *,
                mine_only: bool = False, limit: int = 50) -> WorkQueue:
    """What is due for the office (or, with ``mine_only``, for the clerk's own cases, proceedings
    and referrals), ordered by the last day of each limit: working days for S-25, S-423 and S-45
    limits, calendar days for S-310's. Each kind is read with at most ``limit`` rows."""
    sources = {"acceptance": case_kinds.acceptance, "investigation": case_kinds.investigation,
               "pay_by": case_kinds.lapsed_orders, "objection": flag_kinds.objections,
               "decision": flag_kinds.decisions, "early_removal": flag_kinds.early_removals,
               "candidate": flag_kinds.candidates, "referral": flag_kinds.referral_steps}
    items: list[DueItem] = []
    counts: dict[str, int] = {}
    capped: set[str] = set()
    key = ("work_queue", office_id, user_id if mine_only else None, today, reading.COUNT_CAP)
    known = capped_counts.known_capped(key)
    scope = reading.Scope(office_id, user_id, mine_only, today, calendar, limit, frozenset(known))
    for kind in KINDS:
        found, count = sources[kind](scope)
        items.extend(found)
        if count:
            counts[kind] = min(count, reading.COUNT_CAP)
        if count > reading.COUNT_CAP:
            capped.add(kind)
    capped_counts.remember_capped(key, known, capped)
    return WorkQueue(rank(items, today, calendar, limit=limit), counts, frozenset(capped))


