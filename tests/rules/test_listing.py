"""Listing periods and deadlines: objection window, 3 years, early removal, fraud, S-17."""

from datetime import date

import pytest

from wagewatch.rules.listing import (
    Period, early_removal, early_removal_eligible_on, may_decide, objection_window,
    restart_after_fraud, rule_set_for, s17_at_expiry, s17_period_end, s45_period_end,
)
from wagewatch.rules.working_days import WorkingDayCalendar

CAL = WorkingDayCalendar()


def test_the_objection_window_is_5_working_days_after_service():
    # Served Wednesday 30 September: 8, 9, 10 (Saturday worked), 12, 13 October.
    assert objection_window(date(2026, 9, 30), CAL).due_on == date(2026, 10, 13)


@pytest.mark.parametrize(("today", "open_objections", "allowed"), [
    (date(2026, 10, 13), 0, False),   # the window's last day: still open
    (date(2026, 10, 14), 0, True),
    (date(2026, 10, 14), 1, False),   # an objection not yet answered
])
def test_no_decision_before_the_window_closes_and_objections_are_answered(today, open_objections, allowed):
    assert may_decide(today, date(2026, 9, 30), open_objections, CAL).flagged is allowed


def test_no_decision_without_a_served_notice():
    decision = may_decide(date(2026, 10, 14), None, 0, CAL)
    assert not decision.flagged and "尚未送达列入告知书" in decision.summary


@pytest.mark.parametrize(("decided", "last_day"), [
    (date(2026, 3, 10), date(2029, 3, 10)),
    (date(2024, 2, 29), date(2027, 2, 28)),
])
def test_a_listing_lasts_three_years(decided, last_day):
    assert s45_period_end(decided) == last_day


@pytest.mark.parametrize(("applied", "eligible"), [
    (date(2027, 3, 16), True),    # the 6 months after 15 September ran out on 15 March
    (date(2027, 3, 15), False),   # their last day
])
def test_early_removal_six_months_after_the_correction(applied, eligible):
    decision = early_removal(applied, date(2026, 9, 15), True, False, False)
    assert decision.flagged is eligible


def test_six_months_after_31_august_end_with_february():
    assert early_removal_eligible_on(date(2026, 8, 31)) == date(2027, 3, 1)


@pytest.mark.parametrize(("commitment", "new_arrears", "prosecuted", "missing"), [
    (False, False, False, "commitment"),
    (True, True, False, "no_new_arrears"),
    (True, False, True, "no_prosecution"),
])
def test_each_bar_to_early_removal(commitment, new_arrears, prosecuted, missing):
    decision = early_removal(date(2027, 6, 1), date(2026, 9, 15), commitment, new_arrears, prosecuted)
    assert not decision.flagged
    assert [r.condition for r in decision.reasons if not r.met] == [missing]


def test_no_early_removal_without_correction():
    assert not early_removal(date(2027, 6, 1), None, True, False, False).flagged


def test_fraud_restarts_the_listing_with_new_dates():
    original = Period(date(2026, 3, 10), date(2029, 3, 10))
    restarted = restart_after_fraud(date(2027, 5, 20), original)
    assert restarted == Period(date(2027, 5, 20), date(2030, 5, 20))


def test_listings_before_2022_follow_s17():
    assert rule_set_for(date(2021, 12, 31)) == "S-17"
    assert rule_set_for(date(2022, 1, 1)) == "S-45"


def test_s17_lasts_one_year_and_extends_by_two_when_not_corrected():
    end = s17_period_end(date(2020, 6, 1))
    assert end == date(2021, 6, 1)
    extended = s17_at_expiry(end, corrected=False, calendar=CAL)
    assert extended.flagged and extended.reasons[0].facts["extended_to"] == "2023-06-01"
    removed = s17_at_expiry(end, corrected=True, calendar=CAL)
    assert not removed.flagged and "应于" in removed.summary


def test_s17_is_extended_only_once_and_removed_when_the_extension_ends():
    decision = s17_at_expiry(date(2023, 5, 31), corrected=False, calendar=CAL, already_extended=True)
    assert not decision.flagged
    assert decision.reasons[0].condition == "extension_ended"
    # 20 working days after Wednesday 31 May 2023 (Dragon Boat Festival 22-23 June; 25 June worked).
    assert decision.reasons[0].facts["remove_by"] == "2023-06-29"
