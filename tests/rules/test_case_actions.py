"""The case page's next step for each status and fact (S-25, S-423 arts. 17, 26, S-100)."""

import pytest

from wagewatch.rules.case_actions import CASE_ACTION_LABELS, CaseStepFacts, allowed_actions


@pytest.mark.parametrize(("facts", "first"), [
    (CaseStepFacts("registered"), "accept"),
    (CaseStepFacts("investigating"), "order_payment"),
    (CaseStepFacts("investigating", investigation_days_left=10), "extend"),
    (CaseStepFacts("investigating", investigation_days_left=10, extended=True), "order_payment"),
    (CaseStepFacts("payment_ordered", has_order=True, unserved_order=True), "serve_order"),
    (CaseStepFacts("payment_ordered", has_order=True), "record_recovery"),
    (CaseStepFacts("payment_ordered", has_order=True, lapsed_unpaid=True), "extra_compensation"),
    (CaseStepFacts("payment_ordered", has_order=True, lapsed_unpaid=True, referral_flag=True),
     "refer_police"),
    (CaseStepFacts("payment_ordered", has_order=True, referral_flag=True, referral_running=True),
     "record_recovery"),
    (CaseStepFacts("payment_ordered", has_order=True, outstanding=False), "resolve"),
])
def test_the_next_step_comes_first(facts, first):
    steps = allowed_actions(facts)
    assert steps[0] == first
    assert len(steps) == len(set(steps))  # the primary step is not repeated under 更多操作


@pytest.mark.parametrize("status", ["resolved", "withdrawn", "referred", "not_accepted"])
def test_a_closed_case_has_no_steps(status):
    assert allowed_actions(CaseStepFacts(status)) == ()


def test_steps_that_do_not_apply_are_not_offered():
    steps = allowed_actions(CaseStepFacts("payment_ordered", has_order=True, extended=True,
                                     referral_running=True, supervised=True))
    assert {"extend", "refer_police", "supervise", "serve_order", "extra_compensation"}.isdisjoint(steps)
    assert {"resolve", "withdraw", "refer", "record_recovery"} <= set(steps)


def test_a_registered_complaint_is_accepted_or_refused_first():
    assert allowed_actions(CaseStepFacts("registered"))[:2] == ("accept", "not_accept")
    assert CASE_ACTION_LABELS["accept"] == "受理并立案"
