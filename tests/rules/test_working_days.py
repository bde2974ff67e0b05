"""Working-day deadlines on the Chinese calendar: holidays, make-up days, unknown years."""

from datetime import date, timedelta

import chinese_calendar
import pytest

from wagewatch.rules.working_days import (
    PACKAGE_YEARS, WorkingDayCalendar, add_working_days, provisional_reason, deadline_status,
    working_days_between,
)

CAL = WorkingDayCalendar()


@pytest.mark.parametrize(("start", "days", "due"), [
    # An ordinary week: Monday + 5 working days is the next Monday.
    (date(2026, 11, 2), 5, date(2026, 11, 9)),
    # National Day 2026: 1-7 October off; Saturday 10 October is a make-up working day.
    (date(2026, 9, 30), 1, date(2026, 10, 8)),
    (date(2026, 9, 30), 3, date(2026, 10, 10)),   # 8, 9, 10 (Saturday, worked)
    (date(2026, 9, 30), 4, date(2026, 10, 12)),
    # Spring Festival 2026: 15-23 February off; Saturday 14 and 28 February worked.
    (date(2026, 2, 12), 2, date(2026, 2, 14)),    # 13 (Friday), 14 (Saturday, worked)
    (date(2026, 2, 13), 2, date(2026, 2, 24)),    # 14 (worked), then 24 February
    # The start day itself is not counted.
    (date(2026, 11, 6), 1, date(2026, 11, 9)),
    (date(2026, 11, 6), 0, date(2026, 11, 6)),
])
def test_deadlines_skip_holidays_and_count_make_up_days(start, days, due):
    deadline = add_working_days(start, days, CAL)
    assert deadline.due_on == due
    assert not deadline.provisional


def test_a_deadline_reaching_into_2027_is_provisional_with_a_warning():
    deadline = add_working_days(date(2026, 12, 28), 5, CAL)
    assert deadline.due_on == date(2027, 1, 4)  # Monday to Friday assumed for 2027
    assert deadline.provisional and deadline.unknown_years == (2027,)
    assert "2027年的法定节假日安排尚未录入" in deadline.warning


def test_overrides_change_the_count_but_leave_2027_provisional():
    calendar = WorkingDayCalendar({date(2027, 1, 1): False, date(2027, 1, 4): False})
    deadline = add_working_days(date(2026, 12, 28), 5, calendar)
    # 29, 30, 31 December; 1 January off (Friday); 4 January declared a holiday; 5, 6 January.
    assert deadline.due_on == date(2027, 1, 6)
    assert deadline.provisional and deadline.unknown_years == (2027,)
    assert "2027年仅录入了2天的节假日或调休安排" in deadline.warning


def test_a_year_marked_complete_is_known():
    calendar = WorkingDayCalendar({date(2027, 1, 1): False}, frozenset({2027}))
    deadline = add_working_days(date(2026, 12, 28), 5, calendar)
    assert deadline.due_on == date(2027, 1, 5) and not deadline.provisional
    assert deadline.warning is None


@pytest.mark.parametrize("year, overrides, complete, reason", [
    (2026, {}, frozenset(), None),                              # in the package
    (2027, {}, frozenset(), "2027年的法定节假日安排尚未录入"),
    (2027, {date(2027, 2, 8): False}, frozenset(), "2027年仅录入了1天"),
    (2027, {date(2028, 2, 8): False}, frozenset(), "2027年的法定节假日安排尚未录入"),
    (2027, {date(2027, 2, 8): False}, frozenset({2027}), None),
    (2028, {}, frozenset({2027}), "2028年的法定节假日安排尚未录入"),
])
def test_provisional_reason_names_the_year_and_why(year, overrides, complete, reason):
    got = provisional_reason(year, WorkingDayCalendar(overrides, complete))
    assert got == reason if reason is None else reason in got


def test_a_make_up_override_counts_a_weekend_day():
    calendar = WorkingDayCalendar({date(2027, 2, 20): True})
    assert add_working_days(date(2027, 2, 19), 1, calendar).due_on == date(2027, 2, 20)


def test_sixty_working_days_span_national_day():
    deadline = add_working_days(date(2026, 8, 3), 60, CAL)
    # August 20 working days, September 22 (Sunday 20 worked, Friday 25 off), October 1-7 off,
    # then 8, 9, Saturday 10 (worked) and three full weeks: the 60th is Friday 30 October.
    assert deadline.due_on == date(2026, 10, 30)


@pytest.mark.parametrize(("today", "overdue", "soon"), [
    (date(2026, 11, 2), False, False),
    (date(2026, 11, 4), False, True),   # 9 November is 3 working days away
    (date(2026, 11, 9), False, True),
    (date(2026, 11, 10), True, False),
])
def test_deadline_status(today, overdue, soon):
    status = deadline_status(date(2026, 11, 9), today, CAL)
    assert (status.overdue, status.due_soon) == (overdue, soon)


def test_working_days_between_counts_after_start_through_end():
    assert working_days_between(date(2026, 9, 30), date(2026, 10, 10), CAL) == 3


def _walked(first: date, last: date, calendar: WorkingDayCalendar) -> dict[date, int]:
    """The count the arithmetic must agree with, one day at a time: for each day from ``first``
    to ``last``, the working days after ``first`` through that day."""
    counts, count, current = {first: 0}, 0, first
    while current < last:
        current += timedelta(days=1)
        count += calendar.is_working_day(current)
        counts[current] = count
    return counts


@pytest.mark.parametrize("calendar", [CAL, WorkingDayCalendar(
    {date(2026, 11, 9): False, date(2026, 11, 14): True, date(2027, 1, 1): False,
     date(2026, 10, 1): True, date(2027, 2, 13): True, date(2026, 11, 10): True})])
def test_working_days_between_agrees_with_counting_day_by_day(calendar):
    days = [date(2003, 12, 20), date(2004, 1, 1), date(2019, 2, 3), date(2025, 12, 31),
            date(2026, 1, 1), date(2026, 9, 30), date(2026, 10, 8), date(2026, 11, 8),
            date(2026, 11, 9), date(2026, 11, 14), date(2026, 12, 31), date(2027, 1, 1),
            date(2027, 3, 1), date(2029, 6, 30)]
    walked = _walked(min(days), max(days), calendar)
    for start in days:
        for end in days:
            expected = walked[end] - walked[start]
            assert working_days_between(start, end, calendar) == expected, (start, end)


def test_every_day_of_the_package_years_is_what_chinesecalendar_says():
    day, last = date(min(PACKAGE_YEARS), 1, 1), date(max(PACKAGE_YEARS), 12, 31)
    while day <= last:
        assert CAL.is_working_day(day) == chinese_calendar.is_workday(day), day
        day += timedelta(days=1)


def test_a_calendar_keeps_the_deadlines_it_worked_out_and_an_edited_one_works_them_out_anew():
    """A process keeps its calendar until an edit: a deadline asked again is the one kept, and
    the calendar read after an edit (a new object) counts with the edit."""
    calendar = WorkingDayCalendar()
    first = add_working_days(date(2026, 11, 2), 5, calendar)
    assert first.due_on == date(2026, 11, 9)
    assert add_working_days(date(2026, 11, 2), 5, calendar) is first
    edited = WorkingDayCalendar({date(2026, 11, 6): False})
    assert add_working_days(date(2026, 11, 2), 5, edited).due_on == date(2026, 11, 10)
    assert add_working_days(date(2026, 11, 2), 5, calendar).due_on == date(2026, 11, 9)
