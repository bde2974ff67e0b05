"""Periods in years and months counted as the Civil Code counts them (arts. 200-202)."""

from __future__ import annotations

from calendar import monthrange
from datetime import date

from wagewatch.rules.sources import title_of

CIVIL_CODE_PERIODS = f"期限按{title_of('Civil Code')}第二百条至第二百零二条计算"


def add_months(day: date, months: int) -> date:
    """The corresponding day ``months`` calendar months later (earlier when negative); when that
    month has no such day (31st, 29 February) its last day (Civil Code art. 202)."""
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    month += 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def period_end(event_on: date, *, years: int = 0, months: int = 0) -> date:
    """The last day of a period of ``years`` and ``months`` that begins with an event on
    ``event_on`` (Civil Code arts. 200-202): the event day is not counted, the period runs from
    the next day, and it ends on the corresponding day of the last year or month, or on that
    month's last day when it has no such day. Example: 3 years from 29 February 2024 end on
    28 February 2027; 1 month from 31 January 2026 ends on 28 February 2026."""
    if years < 0 or months < 0:
        raise ValueError("a period is counted forward")
    return add_months(event_on, years * 12 + months)
