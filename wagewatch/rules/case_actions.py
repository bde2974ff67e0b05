"""The steps a case offers for its status and facts, the next one first (S-423, S-25, S-JI art. 4,
S-310): the case page shows the first as its one primary button, the others under "更多操作"."""

from __future__ import annotations

from dataclasses import dataclass

from wagewatch.rules.case_flow import (
    ACTION_LABELS, INVESTIGATION_STATUSES, OPEN_STATUSES, TRANSITIONS,
)

#: Working days before the investigation limit from which extending it becomes the next step.
NEAR_LIMIT_WORKING_DAYS = 10


@dataclass(frozen=True)
class CaseStep:
    """A step the case page can offer: its button's words and the statuses it is open to."""

    label: str
    statuses: frozenset[str]


def _moves(action: str) -> frozenset[str]:
    """The statuses whose transitions allow ``action`` (case_flow.TRANSITIONS)."""
    return frozenset(status for status, moves in TRANSITIONS.items() if action in moves)


#: Every step of a case, in the order of "更多操作": a step that changes the status is open where
#: the transitions allow it; the others while the case is open or under investigation (an
#: extension only then, S-423 art. 17; a police referral only of an accepted case, S-310 art. 5).
#: One label per step, shared by the case page and the clerk's queue.
CASE_STEPS: dict[str, CaseStep] = {
    "accept": CaseStep(ACTION_LABELS["accept"], _moves("accept")),
    "not_accept": CaseStep(ACTION_LABELS["not_accept"], _moves("not_accept")),
    "order_payment": CaseStep(ACTION_LABELS["order_payment"], _moves("order_payment")),
    "serve_order": CaseStep("登记责令支付文书送达", INVESTIGATION_STATUSES),
    "record_recovery": CaseStep("记录支付", INVESTIGATION_STATUSES),
    "extra_compensation": CaseStep("责令加付赔偿金", INVESTIGATION_STATUSES),
    "inquiry": CaseStep("询问通知书", INVESTIGATION_STATUSES),
    "extend": CaseStep(ACTION_LABELS["extend"], INVESTIGATION_STATUSES),
    "resolve": CaseStep(ACTION_LABELS["resolve"], _moves("resolve")),
    "withdraw": CaseStep(ACTION_LABELS["withdraw"], _moves("withdraw")),
    # The button says which referral: the police have their own step below.
    "refer": CaseStep("移送其他部门", _moves("refer")),
    "refer_police": CaseStep("移送公安", INVESTIGATION_STATUSES),
    "supervise": CaseStep("挂牌督办", OPEN_STATUSES),
    "edit_facts": CaseStep("编辑事实", OPEN_STATUSES),
}

CASE_ACTION_LABELS = {key: step.label for key, step in CASE_STEPS.items()}


@dataclass(frozen=True)
class CaseStepFacts:
    """What decides a case's next step: its status and the state of its orders, money and
    referrals, as plain values."""

    status: str
    extended: bool = False
    has_order: bool = False
    unserved_order: bool = False       # the latest order is not served: its clock has not started
    lapsed_unpaid: bool = False        # a served order's pay-by date passed, money still owed,
    #                                    no extra compensation ordered yet (S-423 art. 26)
    outstanding: bool = True           # the workers are still owed money
    has_workers: bool = True
    referral_flag: bool = False        # the rules flag the case for the police (S-100)
    referral_running: bool = False
    supervised: bool = False
    investigation_days_left: int | None = None


def allowed_actions(facts: CaseStepFacts) -> tuple[str, ...]:
    """The steps open to the case, the next one first; empty once the case is closed.

    A step is open when the case's status allows it (CASE_STEPS) and the facts call for it. The
    next step: a registered complaint is decided on (S-25, 5 working days); an open case flagged
    for the police is referred (S-100); an unserved order is served, since its clock only runs
    from service (S-JI art. 4); a lapsed order calls for extra compensation (S-423 art. 26); a
    case whose workers are paid is closed; a case near its limit is extended once (S-423 art.
    17); a case without an order gets one; otherwise payments are recorded.
    """
    offered = [key for key, step in CASE_STEPS.items()
               if facts.status in step.statuses and _offered(key, facts)]
    if not offered:
        return ()
    first = _next(facts) if facts.status in INVESTIGATION_STATUSES else offered[0]
    if first not in offered:
        first = offered[0]
    return (first, *(step for step in offered if step != first))


def _offered(step: str, facts: CaseStepFacts) -> bool:
    return {
        "serve_order": facts.unserved_order,
        "extra_compensation": facts.lapsed_unpaid,
        "extend": not facts.extended,
        "refer_police": not facts.referral_running,
        "supervise": not facts.supervised,
    }.get(step, True)


def _next(facts: CaseStepFacts) -> str:
    near_limit = (facts.investigation_days_left is not None
                  and facts.investigation_days_left <= NEAR_LIMIT_WORKING_DAYS)
    if facts.referral_flag and not facts.referral_running:
        return "refer_police"
    if facts.unserved_order:
        return "serve_order"
    if facts.lapsed_unpaid:
        return "extra_compensation"
    if facts.has_workers and not facts.outstanding:
        return "resolve"
    if near_limit and not facts.extended:
        return "extend"
    if not facts.has_order:
        return "order_payment"
    return "record_recovery"
