"""Periods in years and months by the Civil Code (arts. 200-202), at their edges."""

from datetime import date

import pytest

from wagewatch.rules.case_flow import time_barred
from wagewatch.rules.listing import (
    Period, early_removal, early_removal_eligible_on, restart_after_fraud, s17_at_expiry,
    s17_period_end, s45_period_end,
)
from wagewatch.rules.periods import add_months, period_end
from wagewatch.rules.working_days import WorkingDayCalendar


@pytest.mark.parametrize(("event", "years", "months", "last_day"), [
    (date(2026, 3, 10), 3, 0, date(2029, 3, 10)),    # the corresponding day is the last day
    (date(2024, 2, 29), 3, 0, date(2027, 2, 28)),    # no 29 February in 2027: the month's last day
    (date(2024, 2, 29), 4, 0, date(2028, 2, 29)),    # a leap year has it
    (date(2024, 2, 29), 1, 0, date(2025, 2, 28)),
    (date(2026, 1, 31), 0, 1, date(2026, 2, 28)),    # 31 January + 1 month
    (date(2028, 1, 31), 0, 1, date(2028, 2, 29)),    # in a leap year
    (date(2026, 8, 31), 0, 6, date(2027, 2, 28)),
    (date(2026, 3, 31), 0, 1, date(2026, 4, 30)),
    (date(2026, 1, 30), 0, 1, date(2026, 2, 28)),
    (date(2026, 12, 15), 0, 1, date(2027, 1, 15)),   # across the year end
    (date(2026, 7, 31), 1, 7, date(2028, 2, 29)),
])
def test_a_period_ends_on_the_corresponding_day_or_the_months_last(event, years, months, last_day):
    assert period_end(event, years=years, months=months) == last_day


def test_a_period_is_counted_forward():
    with pytest.raises(ValueError):
        period_end(date(2026, 1, 1), months=-1)


@pytest.mark.parametrize(("day", "months", "result"), [
    (date(2026, 3, 31), -1, date(2026, 2, 28)),
    (date(2027, 1, 15), -12, date(2026, 1, 15)),
    (date(2026, 2, 28), 0, date(2026, 2, 28)),
])
def test_add_months_back_and_forth(day, months, result):
    assert add_months(day, months) == result


@pytest.mark.parametrize(("decided", "last_day"), [
    (date(2026, 3, 10), date(2029, 3, 10)),
    (date(2024, 2, 29), date(2027, 2, 28)),
    (date(2023, 12, 31), date(2026, 12, 31)),
])
def test_the_three_year_listing(decided, last_day):
    assert s45_period_end(decided) == last_day


def test_the_fraud_restart_runs_a_full_period_from_the_revocation():
    original = Period(date(2024, 2, 29), date(2027, 2, 28))
    assert restart_after_fraud(date(2028, 2, 29), original) == Period(date(2028, 2, 29),
                                                                      date(2031, 2, 28))


def test_s17_one_year_and_the_two_year_extension():
    end = s17_period_end(date(2020, 2, 29))
    assert end == date(2021, 2, 28)
    extended = s17_at_expiry(end, corrected=False, calendar=WorkingDayCalendar())
    assert extended.reasons[0].facts["extended_to"] == "2023-02-28"


@pytest.mark.parametrize(("corrected", "applied", "eligible"), [
    (date(2026, 9, 15), date(2027, 3, 15), False),   # the last day of the 6 months
    (date(2026, 9, 15), date(2027, 3, 16), True),    # the day after: 6 months have run out
    (date(2026, 8, 31), date(2027, 2, 28), False),   # no 31 February: ends 28 February
    (date(2026, 8, 31), date(2027, 3, 1), True),
])
def test_six_months_after_the_correction(corrected, applied, eligible):
    assert early_removal(applied, corrected, True, date(2026, 1, 5)).flagged is eligible
    assert (applied >= early_removal_eligible_on(corrected)) is eligible


@pytest.mark.parametrize(("ended", "received", "barred"), [
    (date(2024, 2, 29), date(2026, 2, 28), False),   # the limitation's last day
    (date(2024, 2, 29), date(2026, 3, 1), True),     # 2 years and 1 day
    (date(2024, 6, 10), date(2026, 6, 10), False),
    (date(2024, 6, 10), date(2026, 6, 11), True),
])
def test_the_two_year_limitation(ended, received, barred):
    assert time_barred(ended, received) is barred
