"""How much of a statutory clock has run: working days (S-25, S-423, S-45) or calendar days (S-310)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from wagewatch.rules.referral_steps import local
from wagewatch.rules.working_days import WorkingDayCalendar, working_days_between


@dataclass(frozen=True)
class ClockUsage:
    """A clock of ``total`` days of which ``used`` have run on the day asked; once it ran out,
    ``overdue_by`` counts the days after the last one (0 while it still runs)."""

    used: int
    total: int
    unit: str            # "个工作日" or "日"
    overdue_by: int = 0

    @property
    def percent(self) -> int:
        """The share run, 0 to 100, rounded down to a multiple of 5 (the bar's steps)."""
        if self.total <= 0:
            return 100
        return min(100, self.used * 100 // self.total) // 5 * 5

    @property
    def overdue(self) -> bool:
        return self.overdue_by > 0

    @property
    def level(self) -> str:
        """The bar's colour: red when run out, amber from four fifths, otherwise blue."""
        if self.overdue or self.used >= self.total:
            return "danger"
        return "warning" if self.used * 5 >= self.total * 4 else "info"

    @property
    def text(self) -> str:
        """E.g. "已用 3/5 个工作日", or "已逾期 2 个工作日" once it ran out."""
        if self.overdue:
            return f"已逾期 {self.overdue_by} {self.unit}"
        return f"已用 {self.used}/{self.total} {self.unit}"


def working_day_usage(start: date, due_on: date, total: int, today: date,
                      calendar: WorkingDayCalendar) -> ClockUsage:
    """Working days run from ``start`` (not counted, as in add_working_days) up to ``today``, of a
    clock of ``total`` working days ending on ``due_on`` (S-25 acceptance, S-423 art. 17
    investigation, S-423 art. 26 pay-by, S-45 objections and decisions)."""
    if today > due_on:
        return ClockUsage(total, total, "个工作日", working_days_between(due_on, today, calendar))
    used = max(0, working_days_between(start, today, calendar)) if today > start else 0
    return ClockUsage(min(used, total), total, "个工作日")


def calendar_day_usage(start: datetime, due_at: datetime, total_days: int,
                       now: datetime) -> ClockUsage:
    """Calendar days run on the Beijing calendar since ``start`` (its own day not counted) of a
    limit of ``total_days`` days ending at ``due_at`` (S-310 arts. 5, 8, 9, 12)."""
    today = local(now).date()
    if now > due_at:
        return ClockUsage(total_days, total_days, "日",
                          max(1, (today - local(due_at).date()).days))
    used = (today - local(start).date()).days
    return ClockUsage(max(0, min(used, total_days)), total_days, "日")
