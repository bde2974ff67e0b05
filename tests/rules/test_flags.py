"""Blacklist and police-referral candidates, decided per case with every reason."""

from datetime import date
from decimal import Decimal as D

import pytest

from wagewatch.rules.flags import (
    CaseFacts, OrderFacts, blacklist_candidate, blacklist_decision_deadline, referral_candidate,
)
from wagewatch.rules.thresholds import KNOWN_THRESHOLDS, WorkerArrears
from wagewatch.rules.working_days import WorkingDayCalendar

JIANGSU = KNOWN_THRESHOLDS[0]
ORDER = OrderFacts("经开劳监限字〔2026〕15号", date(2026, 9, 29), date(2026, 10, 9))
BIG = (WorkerArrears("张伟", D("4"), D("12000")),)
SMALL = (WorkerArrears("张伟", D("1"), D("3000")),)


def case(workers=BIG, orders=(ORDER,), **facts) -> CaseFacts:
    return CaseFacts("经开劳监〔2026〕0001号", workers, orders, **facts)


@pytest.mark.parametrize(("facts", "as_of", "flagged"), [
    (case(), date(2026, 10, 12), True),                       # big amount, order ignored
    (case(), date(2026, 10, 9), False),                       # pay-by day itself: not yet passed
    (case(orders=()), date(2026, 10, 12), False),             # no payment order
    (case(workers=SMALL), date(2026, 10, 12), False),         # small amount, no incident
    (case(workers=SMALL, group_incident=True), date(2026, 10, 12), True),
    (case(workers=SMALL, extreme_incident=True), date(2026, 10, 12), True),
    (case(workers=(WorkerArrears("张伟", D("4"), D("0")),)), date(2026, 10, 12), False),  # paid
])
def test_blacklist_candidates_under_s45(facts, as_of, flagged):
    decision = blacklist_candidate(facts, JIANGSU, as_of)
    assert decision.flagged is flagged
    assert decision.case_numbers == ("经开劳监〔2026〕0001号",)
    assert {r.condition for r in decision.reasons} >= {"owes_wages", "threshold", "payment_order_unpaid"}


def test_a_blacklist_decision_says_which_order_was_ignored():
    decision = blacklist_candidate(case(), JIANGSU, date(2026, 10, 12))
    assert "经开劳监限字〔2026〕15号责令于2026-10-09前支付，逾期仍未支付" in decision.summary
    assert decision.as_dict()["reasons"][4]["facts"]["pay_by_on"] == "2026-10-09"


@pytest.mark.parametrize(("facts", "flagged", "missing"), [
    (case(employer_absconded=True), True, None),
    (case(no_show_after_notice=True), True, None),
    (case(property_transferred=True), True, None),
    (case(records_destroyed=True), True, None),
    (case(ability_to_pay=True), True, None),
    (case(), False, "evasion"),
    (case(workers=SMALL, employer_absconded=True), False, "threshold"),
    (case(orders=(), employer_absconded=True), False, "payment_order_unpaid"),
])
def test_referral_candidates_need_amount_ignored_order_and_evasion(facts, flagged, missing):
    decision = referral_candidate(facts, JIANGSU, date(2026, 10, 12))
    assert decision.flagged is flagged
    if missing:
        assert [r.condition for r in decision.reasons if not r.met] == [missing]


def test_no_show_after_notice_counts_as_absconding():
    decision = referral_candidate(case(no_show_after_notice=True), JIANGSU, date(2026, 10, 12))
    assert "视为逃匿" in decision.summary


def test_the_listing_decision_is_due_20_working_days_after_the_pay_by_date():
    calendar = WorkingDayCalendar()
    # Pay-by 30 September, right before National Day (1-7 October off, 10 October worked).
    # 8, 9, 10 October, three full weeks (18), 2 and 3 November: the 20th working day.
    deadline = blacklist_decision_deadline(date(2026, 9, 30), False, calendar)
    assert deadline.due_on == date(2026, 11, 3)
    # Counting on Monday to Friday alone would give 28 October: the holiday matters.
    extended = blacklist_decision_deadline(date(2026, 9, 30), True, calendar)
    assert extended.due_on == date(2026, 12, 1)
