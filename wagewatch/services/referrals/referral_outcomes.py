"""Police referral use cases after the hand-over (S-310 arts. 8, 9, 12): the police's receipt and
decision, reconsideration, procuratorate supervision, the materials, progress notes, and the
audited reading of the full file by the police."""

from __future__ import annotations

from datetime import date, datetime

from wagewatch.extensions import db
from wagewatch.models import (
    PoliceDecision, PoliceReferral, ReferralStatus, ReviewResult, User,
)
from wagewatch.rules.referral_steps import local
from wagewatch.services import ServiceError, audit
from wagewatch.services.cases.registration import add_event
from wagewatch.services.reference.calendar import today
from wagewatch.services.referrals.handover import check_moment, expect, finish, log, when



def _on_case(referral: PoliceReferral, actor: User, kind: str, note: str) -> None:
    add_event(referral.case, actor, kind, referral.case.status, referral.case.status, note)


def _need_case_number(result_filed: bool, police_case_number: str | None) -> None:
    if result_filed and not police_case_number:
        raise ServiceError("决定立案的，请填写公安机关的案件编号。", field="police_case_number")


def record_receipt(referral: PoliceReferral, actor: User, *, received_at: datetime,
                   receiver: str, expected_version: int) -> None:
    """The police accept the referral in writing and sign the receipt (S-310 art. 8); their
    3-day limit for deciding starts. The receipt names the hand-over pack received by its
    SHA-256 (referrals handed over before packs existed have none)."""
    expect(referral, "receipt")
    check_moment(received_at, referral.handed_over_at, "received_at", "移送时间")
    before = {"status": str(referral.status)}
    referral.police_received_at, referral.police_receiver = received_at, receiver
    pack = referral.pack
    referral.received_pack_sha256 = pack.sha256 if pack is not None else None
    referral.status = ReferralStatus.RECEIVED
    received = f"，签收移送材料包{pack.item_count}份（SHA-256 {pack.short_sha256}）" if pack else ""
    log(referral, actor, "police_receipt",
        f"公安机关接收，经办人{receiver}（{when(received_at)}）{received}")
    _on_case(referral, actor, "police_receipt", f"{referral.police_unit}接收移送{received}")
    finish(referral, actor, "police_receipt", before,
           {"status": str(referral.status), "police_receiver": receiver,
            "received_pack_sha256": referral.received_pack_sha256}, expected_version)


def record_decision(referral: PoliceReferral, actor: User, *, decision: PoliceDecision,
                    decided_at: datetime, reasons: str | None, police_case_number: str | None,
                    expected_version: int) -> None:
    """The police decide 立案 or 不予立案 within 3 days of receipt (S-310 art. 8); a refusal
    gives its reasons, a filing its police case number."""
    expect(referral, "decision")
    check_moment(decided_at, referral.police_received_at, "decided_at", "接收时间")
    filed = decision is PoliceDecision.FILED
    _need_case_number(filed, police_case_number)
    if not filed and not reasons:
        raise ServiceError("不予立案的，请填写公安机关说明的理由。", field="reasons")
    before = {"status": str(referral.status)}
    referral.police_decision, referral.police_decided_at = decision, decided_at
    referral.police_reasons = reasons or None
    referral.police_case_number = police_case_number or None
    referral.status = ReferralStatus.FILED if filed else ReferralStatus.DECLINED
    text = (f"公安机关决定立案，案件编号{police_case_number}" if filed
            else f"公安机关决定不予立案，理由：{reasons}")
    log(referral, actor, "police_decision", f"{text}（{when(decided_at)}）")
    _on_case(referral, actor, "police_decision", text)
    finish(referral, actor, "police_decision", before, {
        "status": str(referral.status), "police_decision": str(decision),
        "police_case_number": police_case_number or None}, expected_version)


def request_reconsideration(referral: PoliceReferral, actor: User, *, requested_at: datetime,
                            note: str, expected_version: int) -> None:
    """Ask the police to reconsider a refusal, within 3 days of its notice (S-310 art. 9)."""
    expect(referral, "reconsideration_request")
    check_moment(requested_at, referral.police_decided_at, "requested_at", "不予立案决定时间")
    before = {"status": str(referral.status)}
    referral.reconsideration_requested_at = requested_at
    referral.reconsideration_note = note
    referral.status = ReferralStatus.RECONSIDERATION
    log(referral, actor, "reconsideration_request", f"提请公安机关复议（{when(requested_at)}）：{note}")
    _on_case(referral, actor, "reconsideration_request", "对不予立案决定提请复议")
    finish(referral, actor, "reconsideration_request", before,
           {"status": str(referral.status)}, expected_version)


def record_reconsideration_answer(referral: PoliceReferral, actor: User, *, answered_at: datetime,
                                  result: ReviewResult, note: str | None,
                                  police_case_number: str | None, expected_version: int) -> None:
    """The police answer the reconsideration within 3 days of the request (S-310 art. 9):
    filing, or the refusal upheld (the procuratorate may then be asked)."""
    expect(referral, "reconsideration_answer")
    check_moment(answered_at, referral.reconsideration_requested_at, "answered_at", "提请复议时间")
    if result not in {ReviewResult.FILED, ReviewResult.UPHELD}:
        raise ServiceError("请选择复议结果。", field="result")
    filed = result is ReviewResult.FILED
    _need_case_number(filed, police_case_number)
    before = {"status": str(referral.status)}
    referral.reconsideration_answered_at, referral.reconsideration_result = answered_at, result
    if note:
        referral.reconsideration_note = f"{referral.reconsideration_note or ''}\n复议决定：{note}".strip()
    if filed:
        referral.police_case_number = police_case_number
    referral.status = ReferralStatus.FILED if filed else ReferralStatus.UPHELD
    text = f"复议{result.label}" + (f"，案件编号{police_case_number}" if filed else "")
    log(referral, actor, "reconsideration_answer",
        f"{text}（{when(answered_at)}）" + (f"：{note}" if note else ""))
    _on_case(referral, actor, "reconsideration_answer", text)
    finish(referral, actor, "reconsideration_answer", before,
           {"status": str(referral.status), "result": str(result)}, expected_version)


def request_supervision(referral: PoliceReferral, actor: User, *, requested_at: datetime,
                        procuratorate: str, note: str, expected_version: int) -> None:
    """Suggest procuratorate supervision of the refusal (检察院立案监督) within 3 days of the
    refusal or of the upheld reconsideration (S-310 art. 9)."""
    expect(referral, "supervision_request")
    earlier = referral.reconsideration_answered_at or referral.police_decided_at
    check_moment(requested_at, earlier, "requested_at", "不予立案或复议决定时间")
    before = {"status": str(referral.status)}
    referral.supervision_requested_at, referral.procuratorate = requested_at, procuratorate
    referral.supervision_note = note
    referral.status = ReferralStatus.SUPERVISION
    log(referral, actor, "supervision_request", f"建议{procuratorate}立案监督（{when(requested_at)}）：{note}")
    _on_case(referral, actor, "supervision_request", f"建议{procuratorate}立案监督")
    finish(referral, actor, "supervision_request", before,
           {"status": str(referral.status), "procuratorate": procuratorate}, expected_version)


def record_supervision_result(referral: PoliceReferral, actor: User, *, answered_at: datetime,
                              result: ReviewResult, note: str, police_case_number: str | None,
                              expected_version: int) -> None:
    """Record the outcome of procuratorate supervision (S-310 art. 9): the police file the case
    (materials follow within 3 days) or not (the referral ends)."""
    expect(referral, "supervision_result")
    check_moment(answered_at, referral.supervision_requested_at, "answered_at", "建议立案监督时间")
    if result not in {ReviewResult.FILED, ReviewResult.NOT_FILED}:
        raise ServiceError("请选择监督结果。", field="result")
    filed = result is ReviewResult.FILED
    _need_case_number(filed, police_case_number)
    before = {"status": str(referral.status)}
    referral.supervision_answered_at, referral.supervision_result = answered_at, result
    referral.supervision_note = f"{referral.supervision_note or ''}\n监督结果：{note}".strip()
    if filed:
        referral.police_case_number, referral.status = police_case_number, ReferralStatus.FILED
    else:
        referral.status, referral.closed_at = ReferralStatus.CLOSED, answered_at
        referral.closing_note = note
    text = f"检察院立案监督结果：{result.label}" + (f"，案件编号{police_case_number}" if filed else "")
    log(referral, actor, "supervision_result", f"{text}（{when(answered_at)}）：{note}")
    _on_case(referral, actor, "supervision_result", text)
    finish(referral, actor, "supervision_result", before,
           {"status": str(referral.status), "result": str(result)}, expected_version)


def hand_over_materials(referral: PoliceReferral, actor: User, *, handed_over_at: datetime,
                        note: str | None, expected_version: int) -> None:
    """Hand the items and other materials to the police within 3 days of the filing notice
    (S-310 art. 12); the referral is then complete."""
    expect(referral, "materials")
    filed_at = (referral.police_decided_at if referral.police_decision is PoliceDecision.FILED
                else referral.reconsideration_answered_at
                if referral.reconsideration_result is ReviewResult.FILED
                else referral.supervision_answered_at)
    check_moment(handed_over_at, filed_at, "handed_over_at", "立案通知时间")
    before = {"status": str(referral.status)}
    referral.materials_handed_over_at, referral.materials_note = handed_over_at, note or None
    referral.status = ReferralStatus.COMPLETED
    log(referral, actor, "materials", f"移交涉案物品及材料，办结交接（{when(handed_over_at)}）"
        + (f"：{note}" if note else ""))
    _on_case(referral, actor, "referral_materials", "向公安机关移交涉案材料，办结交接手续")
    finish(referral, actor, "materials", before, {"status": str(referral.status)}, expected_version)


def record_judgement(referral: PoliceReferral, actor: User, *, judged_on: date, court: str,
                     number: str | None, expected_version: int) -> None:
    """Record the court's criminal judgement on a case the police filed (Criminal Law
    art. 276-1); it bars the employer's early removal from the blacklist (S-45 art. 13)."""
    expect(referral, "judgement")
    if referral.judgement_on is not None:
        raise ServiceError("已记录刑事判决。", field="judged_on")
    if judged_on > today():
        raise ServiceError("日期不能晚于今天。", field="judged_on")
    filed_at = referral.police_decided_at or referral.reconsideration_answered_at
    if filed_at is not None and judged_on < local(filed_at).date():
        raise ServiceError(f"判决日期不能早于公安机关立案（{when(filed_at)}）。", field="judged_on")
    before = {"judgement_on": None}
    referral.judgement_on, referral.judgement_court = judged_on, court
    referral.judgement_number = number or None
    text = f"{court}于{judged_on}作出刑事判决" + (f"（{number}）" if number else "")
    log(referral, actor, "judgement", text)
    _on_case(referral, actor, "judgement", text)
    finish(referral, actor, "judgement", before, {
        "judgement_on": judged_on, "judgement_court": court,
        "judgement_number": number or None}, expected_version)


def close_referral(referral: PoliceReferral, actor: User, *, closed_at: datetime, note: str,
                   expected_version: int) -> None:
    """End a referral the office will not pursue: approved but not handed over (e.g. paid in full
    before filing, S-JI art. 6), or refused by the police and the refusal accepted."""
    expect(referral, "close")
    check_moment(closed_at, referral.police_decided_at or referral.approved_at, "closed_at",
                 "上一步骤的时间")
    before = {"status": str(referral.status)}
    referral.closed_at, referral.closing_note = closed_at, note
    referral.status = ReferralStatus.CLOSED
    log(referral, actor, "closed", f"结束移送（{when(closed_at)}）：{note}")
    _on_case(referral, actor, "referral_closed", f"结束移送：{note}")
    finish(referral, actor, "close", before, {"status": str(referral.status)}, expected_version)


def add_progress_note(referral: PoliceReferral, actor: User, *, text: str) -> None:
    """A progress report on a referred case (the police's investigation, the office's follow-up)."""
    if not referral.handed_to_police:
        raise ServiceError("移送公安机关之前不能记录办理进展。", field="text")
    log(referral, actor, "progress", f"{actor.role.label}{actor.display_name}：{text}")
    audit.record("referral.progress_note", object_type="police_referral", object_id=referral.id,
                 actor=actor, detail=text[:200])
    db.session.commit()


def record_file_view(referral: PoliceReferral, actor: User) -> int:
    """Audit that a police officer displayed the referred case's file with full ID numbers and
    phones: one entry for each person the page shows whole (the case's workers and the
    employer's persons with an ID number), so every person's disclosure can be traced
    (security.md item 12; PIPL art. 6). Returns how many persons were shown."""
    case = referral.case
    workers = {cw.worker.id: cw.worker for cw in case.workers}
    persons = [p for p in case.employer.persons if p.id_number]
    shown = len(workers) + len(persons)
    where = f"查看移送案件{case.number}的完整卷宗（本次共显示{shown}人的完整身份信息）"
    for worker in workers.values():
        audit.record("worker.unmask", object_type="worker", object_id=worker.id, actor=actor,
                     detail=f"{where}：工人{worker.name}的身份证号码和电话，移送记录{referral.id}")
    for person in persons:
        audit.record("contractor_person.unmask", object_type="contractor_person",
                     object_id=person.id, actor=actor,
                     detail=f"{where}：{case.employer.name}的{person.position.label}{person.name}"
                            f"的身份证号码，移送记录{referral.id}")
    db.session.commit()
    return shown
