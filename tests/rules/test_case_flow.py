"""The case workflow, the time bar, the single extension and the next pending deadline."""

from datetime import date

import pytest

from wagewatch.rules.case_flow import (
    TransitionRefused, check_extension, check_not_accepted, check_pay_within,
    check_representatives, next_status, pending_deadline, time_barred,
)
from wagewatch.rules.liability import ChainLink, liable_parties
from wagewatch.rules.working_days import Deadline


@pytest.mark.parametrize(("current", "action", "after"), [
    ("registered", "accept", "investigating"),
    ("registered", "not_accept", "not_accepted"),
    ("investigating", "order_payment", "payment_ordered"),
    ("investigating", "resolve", "resolved"),
    ("investigating", "withdraw", "withdrawn"),
    ("investigating", "refer", "referred"),
    ("payment_ordered", "order_payment", "payment_ordered"),
    ("payment_ordered", "resolve", "resolved"),
    ("payment_ordered", "refer", "referred"),
])
def test_allowed_transitions(current, action, after):
    assert next_status(current, action) == after


@pytest.mark.parametrize(("current", "action"), [
    ("registered", "order_payment"), ("registered", "resolve"), ("investigating", "accept"),
    ("resolved", "accept"), ("not_accepted", "accept"), ("referred", "resolve"),
    ("withdrawn", "order_payment"),
])
def test_refused_transitions_say_why_in_chinese(current, action):
    with pytest.raises(TransitionRefused, match="不能执行"):
        next_status(current, action)


@pytest.mark.parametrize(("ended", "received", "barred"), [
    (date(2024, 11, 2), date(2026, 11, 2), False),   # exactly 2 years
    (date(2024, 11, 1), date(2026, 11, 2), True),    # 2 years and a day
    (None, date(2026, 11, 2), False),
    (date(2024, 2, 29), date(2026, 3, 1), True),
])
def test_time_bar_of_two_years(ended, received, barred):
    assert time_barred(ended, received) is barred


def test_time_bar_refusal_needs_a_recorded_end_date():
    with pytest.raises(TransitionRefused, match="超过2年"):
        check_not_accepted("time_barred", None, date(2026, 11, 2))
    check_not_accepted("time_barred", date(2024, 1, 1), date(2026, 11, 2))
    check_not_accepted("outside_jurisdiction", None, date(2026, 11, 2))


def test_only_one_extension():
    check_extension(False, "investigating")
    with pytest.raises(TransitionRefused, match="只能延长一次"):
        check_extension(True, "investigating")
    with pytest.raises(TransitionRefused):
        check_extension(False, "registered")


@pytest.mark.parametrize(("workers", "reps", "ok"), [(4, 0, True), (5, 0, False), (5, 1, True)])
def test_collective_complaints_name_representatives(workers, reps, ok):
    if ok:
        check_representatives(workers, reps)
    else:
        with pytest.raises(TransitionRefused, match="推选"):
            check_representatives(workers, reps)


def test_pending_deadline_is_the_earliest_of_the_current_stage():
    acceptance = Deadline(date(2026, 11, 9), 5, False)
    investigation = Deadline(date(2027, 2, 1), 60, True)
    pay_by = Deadline(date(2026, 12, 4), 5, False)
    assert pending_deadline("registered", acceptance, None, None).kind == "acceptance"
    chosen = pending_deadline("payment_ordered", acceptance, investigation, pay_by)
    assert (chosen.kind, chosen.due_on, chosen.provisional) == ("pay_by", date(2026, 12, 4), False)
    assert pending_deadline("investigating", acceptance, investigation, None).provisional
    assert pending_deadline("resolved", acceptance, investigation, pay_by).due_on is None


def test_a_subcontractors_arrears_name_the_general_contractor_first():
    chain = (ChainLink(contractor_id=5, role="subcontractor", engaged_by_id=2),)
    parties = liable_parties(5, False, 2, chain)
    assert [(p.contractor_id, p.liability) for p in parties] == [(2, "general_contractor_first")]
    assert "《保障农民工工资支付条例》（国务院令第724号）第三十条" in parties[0].reason


def test_a_team_leaders_arrears_name_the_party_that_engaged_him():
    chain = (ChainLink(5, "subcontractor", 2), ChainLink(9, "team_leader", 5))
    parties = liable_parties(9, True, 2, chain)
    assert [(p.contractor_id, p.liability) for p in parties] == [
        (5, "engaging_party"), (2, "general_contractor_first")]


def test_an_employer_outside_the_chain_names_nobody_else():
    assert liable_parties(7, False, 2, ()) == []


@pytest.mark.parametrize(("case_end", "work_ends", "allowed"), [
    (date(2024, 1, 1), [date(2024, 1, 1)], True),                   # all ended over 2 years ago
    (date(2024, 1, 1), [date(2025, 6, 30)], False),                 # a worker worked on: continuing
    (date(2024, 1, 1), [date(2024, 1, 1), None], True),             # the case end date decides
    (None, [date(2024, 10, 31), date(2024, 11, 1)], False),         # last worker: exactly 2 years
    (None, [date(2024, 10, 31), date(2024, 10, 31)], True),         # 2 years and a day after both
    (None, [date(2024, 1, 1), None], False),                        # a worker's end not recorded
])
def test_time_bar_refusal_reads_the_workers_end_dates(case_end, work_ends, allowed):
    received = date(2026, 11, 1)
    if allowed:
        check_not_accepted("time_barred", case_end, received, work_ends)
    else:
        with pytest.raises(TransitionRefused, match="不能以“超过2年”为由不予受理"):
            check_not_accepted("time_barred", case_end, received, work_ends)


@pytest.mark.parametrize("working_days, allowed", [(0, False), (1, True), (60, True), (61, False)])
def test_a_payment_order_gives_1_to_60_working_days(working_days, allowed):
    if allowed:
        check_pay_within(working_days)
    else:
        with pytest.raises(TransitionRefused, match="支付期限须为1至60个工作日"):
            check_pay_within(working_days)
