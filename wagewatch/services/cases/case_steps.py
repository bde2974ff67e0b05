"""Workflow steps of a case: accept, not accept, extend, resolve, withdraw, refer (S-423, S-25)."""

from __future__ import annotations

from datetime import date

from wagewatch.extensions import db
from wagewatch.models import Case, CaseStatus, NotAcceptedReason, ReferralTarget, User
from wagewatch.rules.case_flow import TransitionRefused, check_extension, next_status
from wagewatch.rules.limitation import limitation_check
from wagewatch.rules.reasons import Decision
from wagewatch.rules.sources import citation
from wagewatch.services import ServiceError, audit
from wagewatch.services.cases.registration import add_event, refresh_deadlines
from wagewatch.services.documents import issuing
from wagewatch.services.flags.evaluation import evaluate_employer
from wagewatch.services.reference.calendar import today


#: The instruments each step generates from the case (S-25 art. 18; S-423 arts. 14, 17).
STEP_DOCUMENTS = {
    "accept": ("acceptance_notice", "filing_approval"),
    "not_accept": ("non_acceptance_notice",),
    "resolve": ("closing_approval",),
    "withdraw": ("closing_approval",),
    "refer": ("closing_approval",),
}


def _move(case: Case, action: str, actor: User, note: str | None, on: date,
          **changes: object) -> None:
    """Apply one transition: check it, set the fields, log the timeline and audit, generate the
    step's instruments, commit once."""
    apply_transition(case, action, actor, note, **changes)
    db.session.flush()
    for code in STEP_DOCUMENTS.get(action, ()):
        issuing.issue(case, code, actor, issued_on=on)
    db.session.commit()


def apply_transition(case: Case, action: str, actor: User, note: str | None,
                     **changes: object) -> None:
    """Check and apply one transition inside the caller's transaction (no commit): fields,
    deadlines, timeline, re-evaluation and audit (used by the police hand-over too)."""
    try:
        target = CaseStatus(next_status(str(case.status), action))
    except TransitionRefused as error:
        raise ServiceError(str(error)) from error
    before = {"status": str(case.status), **{k: getattr(case, k) for k in changes}}
    for key, value in changes.items():
        setattr(case, key, value)
    previous, case.status = case.status, target
    refresh_deadlines(case)
    add_event(case, actor, action, previous, target, note)
    evaluate_employer(case.employer_id, today())
    audit.record(f"case.{action}", object_type="case", object_id=case.id, actor=actor,
                 changes=audit.changes_between(before, {"status": str(target), **changes}))


def _not_before_receipt(case: Case, day: date, field: str) -> None:
    if day < case.received_on:
        raise ServiceError("日期不能早于收到投诉的日期。", field=field)


def limitation(case: Case) -> Decision:
    """Whether the complaint is time-barred (S-423 art. 20), from the case's recorded end date
    and its workers' last working days."""
    return limitation_check(case.violation_ended_on, [cw.work_to for cw in case.workers],
                            case.received_on)


def accept(case: Case, accepted_on: date, actor: User, note: str | None = None) -> None:
    """Accept the complaint and file the case the same day (S-25); the 60-working-day
    investigation period starts (S-423 art. 17). A time-barred complaint is refused
    (S-423 art. 20): it is declined instead, or its recorded end dates are corrected first."""
    _not_before_receipt(case, accepted_on, "decided_on")
    check = limitation(case)
    if check.flagged:
        raise ServiceError(
            f"不能受理：{check.summary}（{citation('S-423 art. 20')}）。请以“违法行为终止已超过2年”"
            "不予受理并书面告知投诉人；如终止日期记录有误，请先更正案件的欠薪终止日期或工人的工作期间。",
            field="decided_on")
    _move(case, "accept", actor, note or "受理并立案", accepted_on, accepted_on=accepted_on)


def not_accept(case: Case, reason: NotAcceptedReason, note: str, notice_on: date,
               actor: User) -> None:
    """Decline the complaint with a reason and the date of the written notice (S-25)."""
    _not_before_receipt(case, notice_on, "notice_on")
    if reason is NotAcceptedReason.TIME_BARRED:
        check = limitation(case)
        if not check.flagged:
            raise ServiceError(f"不能以“超过2年”为由不予受理：{check.summary}。", field="reason")
    _move(case, "not_accept", actor, f"{reason.label}。{note}", notice_on, not_accepted_reason=reason,
          not_accepted_note=note, not_accepted_notice_on=notice_on, closed_on=notice_on)


def close(case: Case, action: str, closed_on: date, note: str, actor: User,
          target: ReferralTarget | None = None, department: str | None = None) -> None:
    """Resolve, withdraw (撤销立案) or refer the case (S-423; S-310)."""
    if action not in {"resolve", "withdraw", "refer"}:
        raise ServiceError("未知的结案方式。")
    if case.accepted_on and closed_on < case.accepted_on:
        raise ServiceError("结案日期不能早于立案日期。", field="closed_on")
    extra: dict[str, object] = {"closed_on": closed_on, "closing_note": note}
    if action == "refer":
        if target is None:
            raise ServiceError("请选择移送机关。", field="target")
        if target is ReferralTarget.POLICE:
            # S-310: report, the head's approval and a complete file come first.
            raise ServiceError("移送公安机关须通过“移送公安”流程办理（报告、负责人审批、卷宗齐全后移送）。",
                               field="target")
        if target is ReferralTarget.OTHER_DEPARTMENT and not department:
            raise ServiceError("请填写接收移送的部门。", field="department")
        extra.update(referral_target=target, referral_department=department)
    _move(case, action, actor, note, closed_on, **extra)


def extend_investigation(case: Case, approver: str, approved_on: date, reason: str,
                         actor: User) -> None:
    """Extend the investigation once by 30 working days with the head's approval (S-423 art. 17)."""
    try:
        check_extension(case.extended, str(case.status))
    except TransitionRefused as error:
        raise ServiceError(str(error)) from error
    if case.accepted_on and approved_on < case.accepted_on:
        raise ServiceError("批准日期不能早于立案日期。", field="approved_on")
    before = {"investigation_due_on": case.investigation_due_on}
    case.extension_approver, case.extension_approved_on = approver, approved_on
    case.extension_reason = reason
    refresh_deadlines(case)
    add_event(case, actor, "extend", case.status, case.status,
              f"经{approver}批准延长30个工作日：{reason}")
    audit.record("case.extend", object_type="case", object_id=case.id, actor=actor,
                 changes=audit.changes_between(
                     before, {"investigation_due_on": case.investigation_due_on,
                              "extension_approver": approver}))
    db.session.commit()
