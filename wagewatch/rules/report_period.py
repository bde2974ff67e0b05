"""The days a monthly report covers: a calendar month, or the month up to a cut-off day
(domain.md "Monthly report": the cut-off day is configurable)."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

#: A cut-off day must exist in every month, so February never needs a special case.
MAX_CUTOFF_DAY = 28
MONTH_PATTERN = re.compile(r"(\d{4})-(\d{2})")


class PeriodError(ValueError):
    """A month or cut-off day that cannot name a report period; the message is in Chinese."""


@dataclass(frozen=True)
class ReportPeriod:
    """The month's name ("YYYY-MM"), its first and last day (both included), and why."""

    month: str
    first_day: date
    last_day: date
    cutoff_day: int | None
    reason: str


def parse_month(text: str) -> tuple[int, int]:
    """"YYYY-MM" → (year, month); anything else raises PeriodError with a Chinese message."""
    match = MONTH_PATTERN.fullmatch((text or "").strip())
    if not match:
        raise PeriodError("月份格式应为“年-月”，例如 2026-11。")
    year, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12:
        raise PeriodError("月份须在01-12之间。")
    if not 2000 <= year <= 2100:
        raise PeriodError("年份须在2000-2100之间。")
    return year, month


def check_cutoff_day(cutoff_day: int | None) -> None:
    """A cut-off day is empty (calendar month) or 1..28."""
    if cutoff_day is not None and not 1 <= cutoff_day <= MAX_CUTOFF_DAY:
        raise PeriodError(f"统计截止日须为1-{MAX_CUTOFF_DAY}之间的整数，不填则按自然月统计。")


def month_text(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def previous_month(year: int, month: int, back: int = 1) -> tuple[int, int]:
    """The month ``back`` months before (year, month)."""
    index = year * 12 + (month - 1) - back
    return index // 12, index % 12 + 1


def report_period(month: str, cutoff_day: int | None = None) -> ReportPeriod:
    """The days the report for ``month`` covers (calendar days, both ends included).

    Without a cut-off day it is the calendar month. With cut-off day D (1..28), month M covers
    the day after D of month M-1 through D of month M, e.g. D=25: 2026-11 is 2026-10-26 to
    2026-11-25, so consecutive months never overlap and never leave a gap.
    """
    year, number = parse_month(month)
    check_cutoff_day(cutoff_day)
    name = month_text(year, number)
    if cutoff_day is None:
        first = date(year, number, 1)
        last = date(year, number, calendar.monthrange(year, number)[1])
        reason = f"按自然月统计：{first.isoformat()}至{last.isoformat()}"
    else:
        before_year, before_month = previous_month(year, number)
        first = date(before_year, before_month, cutoff_day) + timedelta(days=1)
        last = date(year, number, cutoff_day)
        reason = (f"统计截止日为每月{cutoff_day}日：{first.isoformat()}（上月{cutoff_day}日次日）"
                  f"至{last.isoformat()}")
    return ReportPeriod(name, first, last, cutoff_day, reason)


def month_containing(day: date, cutoff_day: int | None = None) -> str:
    """The report month whose period contains ``day`` (with a cut-off day D, a day after D
    belongs to the next month)."""
    check_cutoff_day(cutoff_day)
    if cutoff_day is not None and day.day > cutoff_day:
        year, month = previous_month(day.year, day.month, back=-1)
        return month_text(year, month)
    return month_text(day.year, day.month)


def last_months(month: str, count: int = 12) -> list[str]:
    """``count`` months ending with ``month``, oldest first (the chart's series)."""
    year, number = parse_month(month)
    return [month_text(*previous_month(year, number, back)) for back in range(count - 1, -1, -1)]


def is_complete(period: ReportPeriod, today: date) -> bool:
    """The period has ended (its last day is before ``today``): only then may it be issued."""
    return period.last_day < today
