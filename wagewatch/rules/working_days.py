"""Deadlines counted in Chinese working days: weekends and holidays off, make-up days (调休) on."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache, cached_property
from itertools import accumulate

import chinese_calendar
from chinese_calendar import constants as official

#: Years whose official calendar the chinesecalendar package carries (2004 to 2026 today).
PACKAGE_YEARS = frozenset(range(min(official.holidays).year, max(official.holidays).year + 1))


#: Deadlines a calendar keeps (WorkingDayCalendar.deadlines): a few hundred bytes each.
DEADLINES_KEPT = 20_000


def _weekdays_through(ordinal: int) -> int:
    """Mondays to Fridays among the days 1..``ordinal`` of the proleptic calendar (day 1,
    0001-01-01, is a Monday)."""
    weeks, rest = divmod(ordinal, 7)
    return weeks * 5 + min(rest, 5)


@cache
def _official_exceptions() -> dict[int, int]:
    """Days of the package's years that are not what Monday-to-Friday says: -1 for a weekday
    off (a holiday), +1 for a weekend day worked (调休), keyed by date ordinal."""
    exceptions = {}
    for year in PACKAGE_YEARS:
        day = date(year, 1, 1)
        while day.year == year:
            weekday = day.weekday() < 5
            if chinese_calendar.is_workday(day) != weekday:
                exceptions[day.toordinal()] = -1 if weekday else 1
            day += timedelta(days=1)
    return exceptions


@dataclass(frozen=True)
class WorkingDayCalendar:
    """The official calendar plus the administrator's overrides (day -> is a working day).

    A year is *known* when the package carries it or an administrator marked it complete after
    entering the State Council's schedule for it; overrides alone never make a year known. Days in
    other years are counted Monday to Friday (with whatever overrides exist) and are provisional.
    """

    overrides: Mapping[date, bool] = field(default_factory=dict)
    complete_years: frozenset[int] = frozenset()

    @property
    def known_years(self) -> frozenset[int]:
        return PACKAGE_YEARS | self.complete_years

    def is_known(self, day: date) -> bool:
        return day.year in self.known_years

    def is_working_day(self, day: date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        weekday = day.weekday() < 5
        if day.year in PACKAGE_YEARS:
            # The package's answer as tabulated once: chinese_calendar.is_workday takes the min
            # and max of its whole holiday table on every call (30 µs a day counted).
            return weekday + _official_exceptions().get(day.toordinal(), 0) == 1
        return weekday

    @cached_property
    def _exceptions(self) -> tuple[list[int], list[int]]:
        """The days that differ from Monday to Friday (official and overridden), as sorted
        ordinals and the running sum of their differences."""
        exceptions = dict(_official_exceptions())
        for day in self.overrides:
            difference = int(self.is_working_day(day)) - int(day.weekday() < 5)
            if difference:
                exceptions[day.toordinal()] = difference
            else:
                exceptions.pop(day.toordinal(), None)
        ordinals = sorted(exceptions)
        return ordinals, list(accumulate(exceptions[o] for o in ordinals))

    def working_days_after(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end`` (0 when end <= start),
        counted arithmetically: Mondays to Fridays plus the exceptions between."""
        first, last = start.toordinal(), end.toordinal()
        if last <= first:
            return 0
        ordinals, running = self._exceptions
        below, upto = bisect_right(ordinals, first), bisect_right(ordinals, last)
        exceptions = (running[upto - 1] if upto else 0) - (running[below - 1] if below else 0)
        return _weekdays_through(last) - _weekdays_through(first) + exceptions

    @cached_property
    def deadlines(self) -> dict[tuple[date, int], Deadline]:
        """The deadlines :func:`add_working_days` worked out on this calendar, by start and
        count of days (at most DEADLINES_KEPT): a process keeps its calendar until an edit, and
        its pages ask for the same deadlines again (a home page about fifty, 30 days walked each)."""
        return {}

    def entered_days(self, year: int) -> int:
        """How many override days the administrator entered for ``year``."""
        return sum(1 for day in self.overrides if day.year == year)


def provisional_reason(year: int, calendar: WorkingDayCalendar) -> str | None:
    """Why days in ``year`` are counted provisionally, or None when the year is known.

    The one test every deadline computation uses (through :func:`add_working_days`): a year is
    known when chinesecalendar carries it or its schedule (国务院办公厅 notice) was marked complete.
    """
    if year in calendar.known_years:
        return None
    entered = calendar.entered_days(year)
    if entered:
        return (f"{year}年仅录入了{entered}天的节假日或调休安排，管理员尚未确认全年安排已录入完毕，"
                "其余日期按周一至周五估算")
    return f"{year}年的法定节假日安排尚未录入，期限按周一至周五估算"


@dataclass(frozen=True)
class Deadline:
    """A due date and whether it rests on a year the calendar does not know yet."""

    due_on: date
    working_days: int
    provisional: bool
    unknown_years: tuple[int, ...] = ()
    reasons: tuple[str, ...] = ()

    @property
    def warning(self) -> str | None:
        if not self.provisional:
            return None
        if self.reasons:
            return "暂定：" + "；".join(self.reasons) + "，请在国务院办公厅公布放假安排后核对。"
        return PROVISIONAL_WARNING


#: The note beside a provisional date whose detailed reason was not kept (a stored pay-by date).
PROVISIONAL_WARNING = "暂定：该日期所在年度的全年节假日安排尚未录入完毕，期限按周一至周五估算，请核对。"


def add_working_days(start: date, days: int, calendar: WorkingDayCalendar) -> Deadline:
    """The ``days``-th working day after ``start`` (the start day itself is not counted).

    This is how "within N working days of receipt" is counted (S-25; 民法典 art. 201: a period
    counted in days starts on the next day).
    """
    if days < 0:
        raise ValueError("days must not be negative")
    kept = calendar.deadlines.get((start, days))
    if kept is not None:
        return kept
    current, counted, unknown = start, 0, set()
    while counted < days:
        current += timedelta(days=1)
        if not calendar.is_known(current):
            unknown.add(current.year)
        if calendar.is_working_day(current):
            counted += 1
    years = tuple(sorted(unknown))
    reasons = tuple(r for r in (provisional_reason(y, calendar) for y in years) if r)
    deadline = Deadline(current, days, bool(years), years, reasons)
    if len(calendar.deadlines) < DEADLINES_KEPT:
        calendar.deadlines[(start, days)] = deadline
    return deadline


def working_days_between(start: date, end: date, calendar: WorkingDayCalendar) -> int:
    """Working days after ``start`` up to and including ``end`` (negative when end is earlier)."""
    if end < start:
        return -calendar.working_days_after(end, start)
    return calendar.working_days_after(start, end)


@dataclass(frozen=True)
class DeadlineStatus:
    """How a deadline stands on a given day, for dashboards: overdue, due soon, or fine."""

    overdue: bool
    due_soon: bool
    working_days_left: int


def deadline_status(due_on: date, today: date, calendar: WorkingDayCalendar,
                    soon: int = 3) -> DeadlineStatus:
    """Overdue after the due day; due soon when at most ``soon`` working days remain."""
    left = working_days_between(today, due_on, calendar)
    overdue = today > due_on
    return DeadlineStatus(overdue=overdue, due_soon=not overdue and left <= soon,
                          working_days_left=left)
