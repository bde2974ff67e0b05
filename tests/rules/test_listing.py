"""Listing periods and deadlines: objection window, 3 years, early removal, fraud, S-17."""

from datetime import date

import pytest

from wagewatch.rules.listing import (
    Bar, Period, early_removal, early_removal_eligible_on, may_decide, objection_window,
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
    decision = early_removal(applied, date(2026, 9, 15), True, LISTED)
    assert decision.flagged is eligible


def test_six_months_after_31_august_end_with_february():
    assert early_removal_eligible_on(date(2026, 8, 31)) == date(2027, 3, 1)


LISTED = date(2026, 3, 10)
NEW_CASE = Bar("new_arrears", "列入期间再次发生拖欠工资违法行为：经开劳监〔2026〕0102号（2026-11-02登记）")
REFERRAL = Bar("referral", "正在移送公安机关：经开劳监〔2026〕0007号（公安已接收待决定）")
FILED = Bar("police_filed", "公安机关已立案：经开劳监〔2026〕0007号（立案号 徐公经立字〔2026〕8号）")
JUDGED = Bar("judgement", "人民法院已作出刑事判决：经开劳监〔2026〕0007号（2027-04-01，徐州经济技术开发区人民法院）")
OTHER = Bar("other", "因其他违法行为正在被立案查处", computed=False)


@pytest.mark.parametrize(("commitment", "bars", "missing"), [
    (False, (), ["commitment"]),
    (True, (NEW_CASE,), ["new_arrears"]),
    (True, (REFERRAL,), ["referral"]),
    (True, (FILED,), ["police_filed"]),
    (True, (JUDGED,), ["judgement"]),
    (True, (OTHER,), ["other"]),
    (True, (NEW_CASE, FILED), ["new_arrears", "police_filed"]),
])
def test_each_bar_to_early_removal(commitment, bars, missing):
    decision = early_removal(date(2027, 6, 1), date(2026, 9, 15), commitment, LISTED, bars)
    assert not decision.flagged
    assert [r.condition for r in decision.reasons if not r.met] == missing
    assert all(bar.text in decision.summary for bar in bars)


def test_no_bar_means_each_check_is_shown_as_met():
    decision = early_removal(date(2027, 6, 1), date(2026, 9, 15), True, LISTED)
    assert decision.flagged
    assert {r.condition for r in decision.reasons} >= {"no_new_arrears", "no_prosecution"}


@pytest.mark.parametrize(("corrected", "listed", "applied", "eligible"), [
    # Corrected before the listing decision: 6 months on the list from the decision.
    (date(2026, 1, 10), date(2026, 3, 10), date(2026, 9, 10), False),
    (date(2026, 1, 10), date(2026, 3, 10), date(2026, 9, 11), True),
    # Corrected after the decision: 6 months from the correction.
    (date(2026, 4, 20), date(2026, 3, 10), date(2026, 10, 20), False),
    (date(2026, 4, 20), date(2026, 3, 10), date(2026, 10, 21), True),
])
def test_six_months_on_the_list_count_from_the_later_of_decision_and_correction(
        corrected, listed, applied, eligible):
    decision = early_removal(applied, corrected, True, listed)
    assert decision.flagged is eligible
    six = next(r for r in decision.reasons if r.condition == "six_months")
    assert ("自列入决定之日起" in six.text) is (listed > corrected)


def test_no_early_removal_without_correction():
    assert not early_removal(date(2027, 6, 1), None, True, LISTED).flagged


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
