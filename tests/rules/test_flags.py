"""Blacklist and police-referral candidates, judged at the pay-by day of a served order and across
an offender's cases, with every reason."""

from datetime import date
from decimal import Decimal as D

import pytest

from wagewatch.rules.flags import (
    CaseFacts, OrderFacts, Payment, WorkerClaim, blacklist_candidate, blacklist_decision_deadline,
    offender_decisions, referral_candidate,
)
from wagewatch.rules.thresholds import KNOWN_THRESHOLDS
from wagewatch.rules.working_days import WorkingDayCalendar

JIANGSU = KNOWN_THRESHOLDS[0]
PAY_BY = date(2026, 10, 9)
ORDER = OrderFacts("经开劳监限字〔2026〕15号", date(2026, 9, 29), PAY_BY, date(2026, 9, 29))


def worker(owed="12000", months="4", *payments: Payment, name="张伟") -> WorkerClaim:
    return WorkerClaim(name, D(months), D(owed), tuple(payments))


BIG = (worker(),)
SMALL = (worker("3000", "1"),)


def case(workers=BIG, orders=(ORDER,), number="经开劳监〔2026〕0001号", **facts) -> CaseFacts:
    return CaseFacts(number, workers, orders, **facts)


def paid(day: date, amount: str, payer: str = "employer") -> Payment:
    return Payment(day, D(amount), payer)


@pytest.mark.parametrize(("facts", "as_of", "flagged"), [
    (case(), date(2026, 10, 8), False),                       # the day before the pay-by day
    (case(), date(2026, 10, 9), False),                       # the pay-by day itself: not over
    (case(), date(2026, 10, 10), True),                       # the day after: lapsed
    (case(orders=()), date(2026, 10, 12), False),             # no payment order
    (case(workers=SMALL), date(2026, 10, 12), False),         # small amount, no incident
    (case(workers=SMALL, group_incident=True), date(2026, 10, 12), True),
    (case(workers=SMALL, extreme_incident=True), date(2026, 10, 12), True),
    (case(workers=(worker("12000", "4", paid(PAY_BY, "12000")),)), date(2026, 10, 12), False),
    # A payment after the pay-by day does not erase the flag, however large and whoever paid.
    (case(workers=(worker("12000", "4", paid(date(2026, 10, 10), "12000")),)), date(2026, 10, 12), True),
    (case(workers=(worker("12000", "4", paid(date(2026, 10, 10), "1", "owner")),)), date(2026, 10, 12), True),
    # A payment on the pay-by day counts: 10,000.00 left still meets the single figure, 9,999.99 not.
    (case(workers=(worker("12000", "4", paid(PAY_BY, "2000")),)), date(2026, 10, 12), True),
    (case(workers=(worker("12000", "4", paid(PAY_BY, "2000.01")),)), date(2026, 10, 12), False),
])
def test_blacklist_candidates_are_judged_at_the_end_of_the_pay_by_day(facts, as_of, flagged):
    decision = blacklist_candidate([facts], JIANGSU, as_of)
    assert decision.flagged is flagged
    assert decision.case_numbers == ("经开劳监〔2026〕0001号",)
    assert {r.condition for r in decision.reasons} >= {"owes_wages", "threshold", "payment_order_unpaid"}


@pytest.mark.parametrize(("served_on", "as_of", "flagged", "shown"), [
    (None, date(2027, 1, 4), False, "经开劳监限字〔2026〕15号未送达，支付期限不起算"),
    (date(2026, 10, 10), date(2027, 1, 4), False, "于2026-10-10送达，晚于支付期限2026-10-09"),
    (PAY_BY, date(2026, 10, 10), True, "于2026-10-09送达，责令于2026-10-09前支付"),
])
def test_an_order_not_served_by_its_pay_by_day_cannot_lapse(served_on, as_of, flagged, shown):
    order = OrderFacts(ORDER.document_number, ORDER.issued_on, PAY_BY, served_on)
    for rule in (blacklist_candidate, referral_candidate):
        decision = rule([case(orders=(order,), employer_absconded=True)], JIANGSU, as_of)
        assert decision.flagged is flagged
        assert shown in decision.as_dict()["reasons"][1 if rule is referral_candidate else 4]["text"]


def test_a_payment_the_day_after_the_pay_by_day_is_shown_beside_both_flags():
    late = case(workers=(worker("12000", "4", paid(date(2026, 10, 10), "12000")),),
                employer_absconded=True)
    listing = blacklist_candidate([late], JIANGSU, date(2026, 10, 12))
    police = referral_candidate([late], JIANGSU, date(2026, 10, 12))
    assert listing.flagged and police.flagged
    assert "支付期限届满时尚欠1名工人工资12,000.00元" in listing.summary
    later = {r.source: r.text for r in listing.reasons + police.reasons
             if r.condition == "paid_after_deadline"}
    assert "用人单位已全额支付（用人单位12,000.00元），列入条件不因此消除" in later["S-45 art. 7"]
    assert "可以不予列入" in later["S-45 art. 7"]
    assert "已全额支付；不影响犯罪构成" in later["Criminal Law art. 276-1 para. 3"]
    assert "可以减轻或者免除处罚" in police.summary


def test_an_advance_by_the_emergency_fund_is_not_the_employers_correction():
    late = case(workers=(worker("12000", "4", paid(date(2026, 10, 20), "5000", "emergency_fund")),))
    decision = blacklist_candidate([late], JIANGSU, date(2026, 10, 21))
    reason = next(r for r in decision.reasons if r.condition == "paid_after_deadline")
    assert decision.flagged
    assert reason.text == ("支付期限届满后已支付应急周转金垫付5,000.00元，现仍欠7,000.00元，列入条件不因此"
                           "消除；总包先行清偿、建设单位或应急周转金垫付不属于用人单位纠正")
    assert reason.facts["employer_paid_in_full"] is False


def test_payments_after_the_evaluation_day_are_not_shown():
    late = case(workers=(worker("12000", "4", paid(date(2026, 10, 20), "5000")),))
    decision = blacklist_candidate([late], JIANGSU, date(2026, 10, 12))
    assert "paid_after_deadline" not in {r.condition for r in decision.reasons}


def crew(count: int, each: str, offset: int = 0) -> tuple[WorkerClaim, ...]:
    return tuple(WorkerClaim(f"工人{offset + i}", D("1"), D(each), (), f"w{offset + i}")
                 for i in range(count))


def test_two_cases_of_6_and_5_workers_owed_66000_yuan_meet_the_group_threshold_together():
    first = case(crew(6, "6000"), number="案一", employer_absconded=True)
    second = case(crew(5, "6000", offset=6), number="案二",
                  orders=(OrderFacts("限字16号", date(2026, 10, 12), date(2026, 10, 19),
                                     date(2026, 10, 12)),))
    assert not blacklist_candidate([first], JIANGSU, date(2026, 10, 20)).flagged
    decisions = offender_decisions([first, second], JIANGSU, date(2026, 10, 20))
    for number in ("案一", "案二"):
        listing, police = decisions[number]["blacklist_s45"], decisions[number]["police_referral"]
        assert listing.flagged and police.flagged
        assert listing.case_numbers == ("案一", "案二")
    text = decisions["案一"]["blacklist_s45"].summary
    assert "拖欠11名工人工资共66,000.00元，达到江苏省10人以上“数额较大”标准" in text
    assert "案一：经开劳监限字〔2026〕15号于2026-09-29送达" in text
    assert "案二：限字16号于2026-10-12送达，责令于2026-10-19前支付，期限届满时仍欠30,000.00元" in text
    assert "同一用人单位未经处理的2起案件累计计算：案一、案二" in text
    assert "逃跑、藏匿（案一）" in decisions["案二"]["police_referral"].summary
    # The day before the second order lapses, the first case alone does not reach the figure.
    early = offender_decisions([first, second], JIANGSU, date(2026, 10, 19))
    assert not early["案一"]["blacklist_s45"].flagged


def test_the_same_worker_in_two_cases_is_counted_once():
    first = case(crew(6, "6000"), number="案一")
    second = case(crew(5, "6000", offset=2), number="案二")  # 工人2..5 already in the first
    decision = offender_decisions([first, second], JIANGSU, date(2026, 10, 12))["案一"]["blacklist_s45"]
    assert not decision.flagged
    assert "拖欠7名工人工资共66,000.00元" in decision.summary


@pytest.mark.parametrize(("first_facts", "as_of", "together"), [
    ({"referred": "已移送公安机关（公安已立案）"}, date(2026, 10, 12), False),
    ({"listing_decided": "列入程序已处理（已移出）"}, date(2026, 10, 12), False),
    ({}, date(2031, 10, 9), True),     # five years after the pay-by day: still within
    ({}, date(2031, 10, 10), False),   # the day after: the older lapse stands alone
])
def test_cases_already_dealt_with_or_out_of_time_are_not_added(first_facts, as_of, together):
    old = case(crew(6, "6000"), number="案一", **first_facts)
    new = case(crew(5, "6000", offset=6), number="案二", orders=(
        OrderFacts("限字99号", date(2026, 10, 12), date(2031, 10, 8), date(2026, 10, 12)),))
    decisions = offender_decisions([old, new], JIANGSU, as_of)
    assert decisions["案二"]["blacklist_s45"].flagged is together


def test_a_listing_decision_ends_the_candidacy_of_its_case_not_the_police_flag():
    decided = case(employer_absconded=True, listing_decided="列入程序已处理（决定不予列入）")
    decisions = offender_decisions([decided], JIANGSU, date(2026, 10, 12))["经开劳监〔2026〕0001号"]
    assert not decisions["blacklist_s45"].flagged
    assert decisions["blacklist_s45"].summary.startswith("列入程序已处理（决定不予列入），不再作为列入候选")
    assert decisions["police_referral"].flagged


def test_a_blacklist_decision_says_which_order_was_ignored():
    decision = blacklist_candidate([case()], JIANGSU, date(2026, 10, 12))
    assert "经开劳监限字〔2026〕15号于2026-09-29送达，责令于2026-10-09前支付，期限届满时仍欠12,000.00元，逾期未支付" \
        in decision.summary
    assert decision.as_dict()["reasons"][4]["facts"]["orders"][0]["pay_by_on"] == "2026-10-09"


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
    decision = referral_candidate([facts], JIANGSU, date(2026, 10, 12))
    assert decision.flagged is flagged
    if missing:
        assert [r.condition for r in decision.reasons if not r.met] == [missing]


def test_no_show_after_notice_counts_as_absconding():
    decision = referral_candidate([case(no_show_after_notice=True)], JIANGSU, date(2026, 10, 12))
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
