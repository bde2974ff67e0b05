"""Police referral use cases up to the hand-over (S-310 arts. 5-6; S-100): report, the head's
approval, the file checklist, the hand-over that closes the case as referred. Each step is checked
by the referral rules, put on the referral's and the case's timelines, audited, committed once."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from wagewatch.extensions import db
from wagewatch.models import (
    INVESTIGATION_STATUSES, Case, CaseStatus, PoliceReferral, ReferralDocument, ReferralDocumentKind,
    ReferralEvent, ReferralStatus, ReferralTarget, RuleDecision, User, utcnow,
)
from wagewatch.rules.reasons import Decision
from wagewatch.rules.referral_steps import (
    REFERRAL_ACTIONS, ReferralFacts, ReferralProgress, local, referral_progress,
)
from wagewatch.services import ServiceError, audit, commit_edit
from wagewatch.services.cases.case_steps import apply_transition
from wagewatch.services.cases.registration import add_event
from wagewatch.services.flags.evaluation import current_flags
from wagewatch.services.locks import lock_case
from wagewatch.services.referrals.referral_files import referral_files
from wagewatch.services.referrals.referral_packs import assemble
from wagewatch.services.submissions import once_per_token

#: Referrals that still run: a case has at most one of them.
ACTIVE_STATUSES = frozenset(ReferralStatus) - {ReferralStatus.NOT_APPROVED, ReferralStatus.CLOSED}
#: A clock a few minutes fast on the clerk's computer is not "the future".
CLOCK_TOLERANCE = timedelta(minutes=5)


# Reading a referral through the rules ---------------------------------------------------------


def facts_of(referral: PoliceReferral) -> ReferralFacts:
    """The referral's recorded moments as the rules see them."""
    r = referral
    return ReferralFacts(
        reported_at=r.reported_at, approved_at=r.approved_at, approved=r.approved,
        handed_over_at=r.handed_over_at, police_received_at=r.police_received_at,
        police_decision=str(r.police_decision) if r.police_decision else None,
        police_decided_at=r.police_decided_at,
        reconsideration_requested_at=r.reconsideration_requested_at,
        reconsideration_answered_at=r.reconsideration_answered_at,
        reconsideration_result=str(r.reconsideration_result) if r.reconsideration_result else None,
        supervision_requested_at=r.supervision_requested_at,
        supervision_answered_at=r.supervision_answered_at,
        supervision_result=str(r.supervision_result) if r.supervision_result else None,
        materials_handed_over_at=r.materials_handed_over_at, closed_at=r.closed_at)


def progress(referral: PoliceReferral, now: datetime | None = None) -> ReferralProgress:
    """Each step with its limit in calendar days or hours, and what is overdue now (S-310)."""
    return referral_progress(facts_of(referral), now or utcnow())


def served_orders(case: Case) -> tuple[str, ...]:
    """Document numbers of the case's payment orders whose service is recorded (S-100)."""
    return tuple(o.document_number for o in case.payment_orders if o.served_on)


def file_state(referral: PoliceReferral) -> Decision:
    """The file checklist judged by the rules: every item backed by a file, or what is missing
    and why (S-310 art. 6; S-100)."""
    return referral_files(referral).decision()


def missing_files(referral: PoliceReferral) -> list[str]:
    """The reasons, in Chinese, of each required item that has no file behind it yet."""
    return [r.text for r in file_state(referral).reasons if not r.met]


def referral_flag(case_id: int) -> RuleDecision | None:
    """The case's current police-referral flag, if the rules raise one (S-310; S-100)."""
    return next((f for f in current_flags(case_id=case_id) if f.rule == "police_referral"), None)


def active_referral(case_id: int) -> PoliceReferral | None:
    """The case's referral that is still running, if any."""
    return db.session.scalar(db.select(PoliceReferral).where(
        PoliceReferral.case_id == case_id, PoliceReferral.status.in_(ACTIVE_STATUSES)))


# Shared by every step ---------------------------------------------------------------------------


def when(moment: datetime) -> str:
    """A moment on the Beijing clock for timelines and messages."""
    return local(moment).strftime("%Y-%m-%d %H:%M")


def expect(referral: PoliceReferral, action: str) -> None:
    """Steps run in order: refuse a step the referral's status does not allow (the statuses of
    rules.referral_steps.REFERRAL_ACTIONS)."""
    step = REFERRAL_ACTIONS[action]
    if str(referral.status) not in step.statuses:
        raise ServiceError(f"移送当前状态为“{referral.status.label}”，不能{step.doing}。")


def check_moment(moment: datetime, earlier: datetime | None, field: str, earlier_what: str) -> None:
    """A recorded moment is not in the future and not before the step it follows."""
    if moment > utcnow() + CLOCK_TOLERANCE:
        raise ServiceError("时间不能晚于现在。", field=field)
    if earlier is not None and moment < earlier:
        raise ServiceError(f"时间不能早于{earlier_what}（{when(earlier)}）。", field=field)


def log(referral: PoliceReferral, actor: User, kind: str, note: str) -> None:
    """Append an entry to the referral's timeline (in the caller's transaction), without loading
    the timeline so far."""
    db.session.add(ReferralEvent(referral=referral, actor_id=actor.id, kind=kind, note=note))


def finish(referral: PoliceReferral, actor: User, action: str, before: dict[str, Any],
           after: dict[str, Any], expected_version: int) -> None:
    """Store the next limit, audit the change and commit, refusing a stale form (item 18)."""
    current = progress(referral).current
    referral.next_step = current.step if current else None
    referral.next_due_at = current.due_at if current else None
    audit.record(f"referral.{action}", object_type="police_referral", object_id=referral.id,
                 actor=actor, changes=audit.changes_between(before, after))
    commit_edit(referral, expected_version)


# The steps --------------------------------------------------------------------------------------


@once_per_token(PoliceReferral, office_from="case")
def start_referral(case: Case, actor: User, *, reported_at: datetime, report: str,
                   justification: str | None = None,
                   submission_token: str | None = None) -> PoliceReferral:
    """The case team's written report opens a referral (S-310 art. 5). The case must be a current
    referral candidate of the rules (S-100; Criminal Law art. 276-1), or the clerk gives a written
    justification, which is kept with the referral."""
    if case.office_id != actor.office_id:
        raise ServiceError("未找到该案件。")
    lock_case(case)  # two reports at once: the second waits, then sees the first one running
    if case.status not in INVESTIGATION_STATUSES:
        raise ServiceError(f"案件状态为“{case.status.label}”，"
                           f"只有{CaseStatus.INVESTIGATING.label}的案件可以移送公安机关。")
    running = active_referral(case.id)
    if running is not None:
        raise ServiceError(f"本案已有进行中的移送（{running.status.label}），请在该移送中继续办理。")
    flag = referral_flag(case.id)
    if flag is None and not justification:
        raise ServiceError("本案目前未被规则标记为移送候选，请书面说明移送的理由（涉嫌犯罪的事实和依据）。",
                           field="justification")
    check_moment(reported_at, None, "reported_at", "")
    if case.accepted_on and local(reported_at).date() < case.accepted_on:
        raise ServiceError("报告时间不能早于案件立案日期。", field="reported_at")
    referral = PoliceReferral(
        office_id=case.office_id, case=case, contractor_id=case.employer_id,
        status=ReferralStatus.REPORTED, rule_decision_id=flag.id if flag else None,
        justification=justification or None, reported_at=reported_at, reported_by_id=actor.id,
        report=report, submission_token=submission_token,
        documents=[ReferralDocument(kind=kind) for kind in ReferralDocumentKind])
    db.session.add(referral)
    basis = "规则标记为移送候选" if flag else f"未经规则标记，移送理由：{justification}"
    log(referral, actor, "reported", f"专案组报告（{when(reported_at)}）：{report.rstrip('。')}。{basis}")
    add_event(case, actor, "referral_reported", case.status, case.status,
              f"专案组报告涉嫌拒不支付劳动报酬罪，拟移送公安机关（{basis}）")
    db.session.flush()
    current = progress(referral).current
    assert current is not None  # a reported referral waits for approval
    referral.next_step, referral.next_due_at = current.step, current.due_at
    audit.record("referral.create", object_type="police_referral", object_id=referral.id,
                 actor=actor, changes=audit.changes_between({}, {
                     "case": case.number, "flagged": flag is not None,
                     "justification": justification or None, "reported_at": when(reported_at)}))
    db.session.commit()
    return referral


def decide_approval(referral: PoliceReferral, actor: User, *, approved: bool, approver_name: str,
                    approved_at: datetime, note: str | None, expected_version: int) -> None:
    """The head approves or refuses the referral within 3 days of the report (S-310 art. 5); a
    refusal's reasons are recorded."""
    expect(referral, "approval")
    check_moment(approved_at, referral.reported_at, "approved_at", "报告时间")
    if not approved and not note:
        raise ServiceError("不批准移送的，应当将理由记录在案。", field="note")
    before = {"status": str(referral.status)}
    referral.approved, referral.approved_at = approved, approved_at
    referral.approver_name, referral.approval_note = approver_name, note or None
    referral.status = ReferralStatus.APPROVED if approved else ReferralStatus.NOT_APPROVED
    text = (f"{approver_name}批准移送公安机关" if approved
            else f"{approver_name}不批准移送，理由：{note}")
    log(referral, actor, "approval", f"{text}（{when(approved_at)}）")
    add_event(referral.case, actor, "referral_approval", referral.case.status,
              referral.case.status, text)
    finish(referral, actor, "approval", before, {"status": str(referral.status),
                                                 "approver_name": approver_name}, expected_version)


def update_checklist(referral: PoliceReferral, actor: User, *,
                     notes: dict[ReferralDocumentKind, str | None], expected_version: int) -> None:
    """Record the clerk's notes on the file's items (pages, or why the case has no list of items
    or inspection report, S-310 art. 6); files are linked to the items by upload."""
    expect(referral, "checklist")
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for document in referral.documents:
        note = notes.get(document.kind, document.note)
        before[str(document.kind)] = document.note
        document.note = (note or "").strip() or None
        after[str(document.kind)] = document.note
    missing = missing_files(referral)
    log(referral, actor, "checklist", "更新卷宗材料说明：" + (
        "已齐全" if not missing else "尚缺" + "、".join(text.split("：")[0] for text in missing)))
    finish(referral, actor, "checklist", before, after, expected_version)


def hand_over(referral: PoliceReferral, actor: User, *, handed_over_at: datetime,
              police_unit: str, note: str | None, expected_version: int) -> None:
    """Hand the file to the police within 24 hours of approval (S-310 art. 5), only when every
    required item has a file behind it (S-310 art. 6; S-100): the 移送书 is issued and numbered,
    the 调查报告 and 移送材料清单 made, the pack frozen; the case is closed as referred."""
    expect(referral, "hand_over")
    check_moment(handed_over_at, referral.approved_at, "handed_over_at", "批准时间")
    missing = missing_files(referral)
    if missing:
        raise ServiceError("卷宗材料不齐，不能移送：" + "；".join(missing), field="checklist")
    case = referral.case
    try:
        apply_transition(case, "refer", actor, f"移送{police_unit}",
                         closed_on=local(handed_over_at).date(),
                         closing_note=note or f"涉嫌拒不支付劳动报酬罪，移送{police_unit}",
                         referral_target=ReferralTarget.POLICE, referral_department=police_unit)
    except ServiceError as error:
        raise ServiceError(error.message, field="handed_over_at") from error
    before = {"status": str(referral.status)}
    referral.handed_over_at, referral.police_unit = handed_over_at, police_unit
    pack = assemble(referral, actor, local(handed_over_at).date())
    referral.status = ReferralStatus.HANDED_OVER
    log(referral, actor, "hand_over",
        f"以{referral.letter_number}移送{police_unit}（{when(handed_over_at)}），移送材料{pack.item_count}份，"
        f"材料包SHA-256 {pack.short_sha256}" + (f"：{note}" if note else ""))
    finish(referral, actor, "hand_over", before, {
        "status": str(referral.status), "police_unit": police_unit,
        "letter_number": referral.letter_number, "handed_over_at": when(handed_over_at),
        "pack_sha256": pack.sha256}, expected_version)
