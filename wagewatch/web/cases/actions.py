"""The case page's steps (the next one first, as its primary button) and its running clocks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import url_for

from wagewatch.models import Case, CaseStatus, PaymentOrder, PoliceReferral, ReferralStatus
from wagewatch.rules.case_actions import CASE_ACTION_LABELS, CaseStepFacts, allowed_actions
from wagewatch.rules.elapsed import ClockUsage, working_day_usage
from wagewatch.rules.working_days import Deadline, WorkingDayCalendar, working_days_between
from wagewatch.services.documents import issuing
from wagewatch.web.permissions import can

CLOCK_LABELS = {"acceptance": "受理期限（5个工作日）", "investigation": "办案期限",
                "pay_by": "限期支付"}


@dataclass(frozen=True)
class PageStep:
    key: str
    label: str
    url: str


@dataclass(frozen=True)
class RunningClock:
    """A statutory clock that still applies to the case, with how much of it has run."""

    kind: str
    label: str
    deadline: Deadline
    usage: ClockUsage


def _latest_served(case: Case) -> PaymentOrder | None:
    served = [o for o in case.payment_orders if o.served_on is not None and o.pay_by_on is not None]
    return served[-1] if served else None


def step_facts(case: Case, outstanding: bool, referral_flag: bool,
               referrals: list[PoliceReferral], supervised: bool, today: date,
               calendar: WorkingDayCalendar) -> CaseStepFacts:
    """The facts the next-step rule reads, from the loaded case."""
    latest = case.payment_orders[-1] if case.payment_orders else None
    served = _latest_served(case)
    days_left = (working_days_between(today, case.investigation_due_on, calendar)
                 if case.investigation_due_on else None)
    return CaseStepFacts(
        status=str(case.status), extended=case.extended, has_order=latest is not None,
        unserved_order=latest is not None and latest.served_on is None,
        lapsed_unpaid=(served is not None and outstanding
                       and served.extra_compensation_refused(today) is None
                       and served.extra_compensation_yuan is None),
        outstanding=outstanding, has_workers=bool(case.workers), referral_flag=referral_flag,
        referral_running=any(r.status not in {ReferralStatus.NOT_APPROVED, ReferralStatus.CLOSED}
                             for r in referrals),
        supervised=supervised, investigation_days_left=days_left)


#: The page whose form takes each step of rules.case_actions.CASE_STEPS.
STEP_ENDPOINTS = {
    "accept": "case_steps.accept", "not_accept": "case_steps.not_accept",
    "order_payment": "case_steps.issue_payment_order", "record_recovery": "case_steps.record_recovery",
    "extend": "case_steps.extend", "resolve": "case_steps.close", "withdraw": "case_steps.close",
    "refer": "case_steps.close", "inquiry": "documents.issue_inquiry",
    "refer_police": "referrals.start_referral", "supervise": "supervision.create_listing",
    "edit_facts": "cases.edit_facts", "extra_compensation": "case_steps.order_extra_compensation",
    "serve_order": "documents.record_service",
}


def page_steps(case: Case, facts: CaseStepFacts) -> list[PageStep]:
    """What the case page offers the signed-in user: the steps the case allows
    (rules.case_actions.allowed_actions) whose pages the user may open (permissions.can), with
    their forms' addresses, the next one first."""
    latest = case.payment_orders[-1] if case.payment_orders else None
    served = _latest_served(case)
    steps = []
    for key in allowed_actions(facts):
        if not can(STEP_ENDPOINTS[key]):
            continue
        url = _url(key, case, latest, served)
        if url is not None:
            steps.append(PageStep(key, CASE_ACTION_LABELS[key], url))
    return steps


def _url(key: str, case: Case, latest: PaymentOrder | None,
         served: PaymentOrder | None) -> str | None:
    endpoint = STEP_ENDPOINTS[key]
    if endpoint == "case_steps.close":
        return url_for(endpoint, case_id=case.id, step=key)
    if key == "extra_compensation":
        return url_for(endpoint, case_id=case.id, order_id=served.id) if served else None
    if key == "serve_order":
        if latest is None:
            return None
        document = issuing.order_document(latest)
        return (url_for(endpoint, case_id=case.id, document_id=document.id)
                if document else url_for("cases.show_case", case_id=case.id, _anchor="documents"))
    return url_for(endpoint, case_id=case.id)


def running_clocks(case: Case, deadlines: dict[str, Deadline], outstanding: bool, today: date,
                   calendar: WorkingDayCalendar) -> list[RunningClock]:
    """The clocks that still apply: acceptance only before the decision on it (S-25), the
    investigation limit and the pay-by date only while the case is open and money is owed
    (S-423 arts. 17, 26); each with the working days run."""
    clocks = []
    if case.status is CaseStatus.REGISTERED and "acceptance" in deadlines:
        d = deadlines["acceptance"]
        clocks.append(RunningClock("acceptance", CLOCK_LABELS["acceptance"], d, working_day_usage(
            case.received_on, d.due_on, d.working_days, today, calendar)))
    if case.status.is_open and case.accepted_on and "investigation" in deadlines:
        d = deadlines["investigation"]
        label = f"办案期限（{d.working_days}个工作日{'，含延长30个' if case.extended else ''}）"
        clocks.append(RunningClock("investigation", label, d, working_day_usage(
            case.accepted_on, d.due_on, d.working_days, today, calendar)))
    served = _latest_served(case)
    if (case.status.is_open and outstanding and served is not None and served.served_on is not None
            and "pay_by" in deadlines):
        d = deadlines["pay_by"]
        label = f"限期支付（送达后{served.pay_within_working_days}个工作日）"
        clocks.append(RunningClock("pay_by", label, d, working_day_usage(
            served.served_on, d.due_on, served.pay_within_working_days, today, calendar)))
    return clocks
