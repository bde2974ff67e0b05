"""The monthly report's period: calendar months, a cut-off day, and bad input."""

from datetime import date
from itertools import pairwise

import pytest

from wagewatch.rules.report_period import (
    PeriodError, is_complete, last_months, month_containing, report_period,
)


@pytest.mark.parametrize(("month", "cutoff", "first", "last"), [
    ("2026-11", None, date(2026, 11, 1), date(2026, 11, 30)),
    ("2028-02", None, date(2028, 2, 1), date(2028, 2, 29)),
    ("2026-11", 25, date(2026, 10, 26), date(2026, 11, 25)),
    ("2027-01", 25, date(2026, 12, 26), date(2027, 1, 25)),
    ("2026-03", 28, date(2026, 3, 1), date(2026, 3, 28)),
    ("2026-03", 1, date(2026, 2, 2), date(2026, 3, 1)),
])
def test_the_period_of_a_month(month, cutoff, first, last):
    period = report_period(month, cutoff)
    assert (period.first_day, period.last_day) == (first, last)
    assert first.isoformat() in period.reason and last.isoformat() in period.reason


def test_consecutive_months_with_a_cutoff_leave_no_gap_and_no_overlap():
    months = last_months("2026-12", 24)
    periods = [report_period(m, 20) for m in months]
    for before, after in pairwise(periods):
        assert (after.first_day - before.last_day).days == 1


@pytest.mark.parametrize("text", ["2026-13", "2026-1", "26-11", "2026/11", "", "abcd-ef", "1999-01"])
def test_a_bad_month_is_refused_in_chinese(text):
    with pytest.raises(PeriodError, match=r"月份|年份"):
        report_period(text)


@pytest.mark.parametrize("cutoff", [0, 29, 31, -1])
def test_a_cutoff_day_outside_1_to_28_is_refused(cutoff):
    with pytest.raises(PeriodError, match="1-28"):
        report_period("2026-11", cutoff)


@pytest.mark.parametrize(("day", "cutoff", "month"), [
    (date(2026, 11, 25), 25, "2026-11"), (date(2026, 11, 26), 25, "2026-12"),
    (date(2026, 12, 26), 25, "2027-01"), (date(2026, 12, 31), None, "2026-12"),
])
def test_the_month_a_day_belongs_to(day, cutoff, month):
    assert month_containing(day, cutoff) == month


def test_twelve_months_end_with_the_report_month():
    assert last_months("2026-03") == ["2025-04", "2025-05", "2025-06", "2025-07", "2025-08",
                                      "2025-09", "2025-10", "2025-11", "2025-12", "2026-01",
                                      "2026-02", "2026-03"]


def test_a_month_is_complete_only_after_its_last_day():
    period = report_period("2026-11")
    assert not is_complete(period, date(2026, 11, 30))
    assert is_complete(period, date(2026, 12, 1))
