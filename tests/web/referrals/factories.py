"""Makers of referral test data: a flagged case, a referral taken to a given step, step posts."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from wagewatch.extensions import db
from wagewatch.files.uploads import SpooledUpload
from wagewatch.models import (
    Attachment, AttachmentKind, Case, PoliceDecision, PoliceReferral, ReferralDocumentKind,
    ServiceMethod, User,
)
from wagewatch.rules.referral_steps import CHINA_TZ
from wagewatch.services.cases import case_steps, registration
from wagewatch.services.documents import attachments
from wagewatch.services.referrals import referral_outcomes, handover

from tests.factories import csrf_token, issue_served_order
from tests.web.cases.factories import make_employer, register

#: The order in which make_referral takes a referral forward.
STEPS = ("reported", "approved", "checklist", "handed_over", "received", "filed", "declined")


def at(text: str) -> datetime:
    """A Beijing-time moment, e.g. ``at("2026-11-02 10:00")``."""
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=CHINA_TZ)


def flagged_case(*, clerk: User | None = None, employer=None, **facts) -> Case:
    """An accepted case whose payment order passed unpaid, 12,000 yuan owed to each of two
    workers for 4 months, the employer absconded: a police-referral candidate (S-100)."""
    facts.setdefault("employer_absconded", True)
    if employer is None and clerk is not None:
        employer = make_employer(office=clerk.office)
    case = register(clerk=clerk, employer=employer, received_on=date(2026, 9, 21), workers=2, **facts)
    handler = case.handler
    case_steps.accept(case, date(2026, 9, 22), handler)
    for cw in case.workers:
        registration.confirm_worker_amount(cw, Decimal("12000.00"), Decimal("4"), handler)
    issue_served_order(case, issued_on=date(2026, 9, 29), pay_within=3,
                       method=ServiceMethod.POSTED, evidence="张贴照片3张", actor=handler)
    return case


def make_referral(*, case: Case | None = None, up_to: str = "reported",
                  clerk: User | None = None) -> PoliceReferral:
    """A referral of a flagged case, taken through the services up to the step ``up_to``."""
    case = case or flagged_case(clerk=clerk)
    actor = clerk or case.handler
    referral = handover.start_referral(case, actor, reported_at=at("2026-11-02 10:00"),
                                        report="张某拖欠2名工人工资共24,000元，经责令支付逾期未付，已逃匿。")
    steps = STEPS[:STEPS.index(up_to) + 1]
    if "approved" in steps:
        handover.decide_approval(referral, actor, approved=True, approver_name="王局长",
                                  approved_at=at("2026-11-04 09:00"), note=None,
                                  expected_version=referral.version)
    if "checklist" in steps:
        complete_file(referral, actor)
    if "handed_over" in steps:
        handover.hand_over(referral, actor, handed_over_at=at("2026-11-04 16:00"),
                            police_unit="徐州经济技术开发区公安分局", note=None,
                            expected_version=referral.version)
    if "received" in steps:
        referral_outcomes.record_receipt(referral, actor, received_at=at("2026-11-05 15:00"),
                                         receiver="李警官", expected_version=referral.version)
    if "filed" in steps and up_to != "declined":
        referral_outcomes.record_decision(
            referral, actor, decision=PoliceDecision.FILED, decided_at=at("2026-11-07 10:00"),
            reasons=None, police_case_number="徐经公刑立字〔2026〕88号",
            expected_version=referral.version)
    if up_to == "declined":
        referral_outcomes.record_decision(
            referral, actor, decision=PoliceDecision.DECLINED, decided_at=at("2026-11-08 10:00"),
            reasons="证据不足", police_case_number=None, expected_version=referral.version)
    return referral


def attach_to_item(referral: PoliceReferral, kind: ReferralDocumentKind, content: bytes,
                   name: str, actor: User,
                   attachment_kind: AttachmentKind = AttachmentKind.OTHER) -> Attachment:
    """Upload a file through the service and link it to one item of the referral's file, as the
    case's attachments page does."""
    item = next(d for d in referral.documents if d.kind is kind)
    spooled = SpooledUpload()
    spooled.write(content)
    try:
        attachment, _ = attachments.attach_to_case(
            referral.case, spooled, name,
            attachments.AttachmentInput(attachment_kind, f"referral_item:{item.id}"), actor)
    finally:
        spooled.close()
    return attachment


def complete_file(referral: PoliceReferral, actor: User) -> list[Attachment]:
    """Put real files behind the file's items: a payroll photo and an interview record (PDF) as
    other evidence, and notes saying the case has no list of items nor inspection report."""
    from tests.web.evidence.files import pdf, png

    files = [attach_to_item(referral, ReferralDocumentKind.OTHER_EVIDENCE, png(24, 24),
                            "工资表.png", actor, AttachmentKind.PAYROLL),
             attach_to_item(referral, ReferralDocumentKind.OTHER_EVIDENCE, pdf(3),
                            "询问笔录.pdf", actor, AttachmentKind.INTERVIEW_RECORD)]
    db.session.refresh(referral)
    handover.update_checklist(referral, actor, notes={
        ReferralDocumentKind.ITEM_LIST: "本案无扣押的涉案物品",
        ReferralDocumentKind.INSPECTION_REPORTS: "本案无需检验鉴定"},
        expected_version=referral.version)
    return files


def reload(referral: PoliceReferral) -> PoliceReferral:
    db.session.expire_all()
    return db.session.get_one(PoliceReferral, referral.id)


def step_post(app, client, url: str, step: str, data: dict, version: int | None = None):
    """POST one step form as the page would: fields prefixed with the step's name."""
    payload = {f"{step}-{key}": value for key, value in data.items()}
    payload[f"{step}-csrf_token"] = csrf_token(app, client)
    if version is not None:
        payload[f"{step}-version"] = str(version)
    return client.post(url, data=payload)


def matrix_samples(clerk: User) -> dict[str, object]:
    """URL arguments for the role matrix: a referral handed to the police (so the police pages
    answer) and a supervised listing, on a case of their own."""
    case = register(clerk=clerk)
    case_steps.accept(case, date(2026, 11, 3), clerk)
    issue_served_order(case, issued_on=date(2026, 11, 3), pay_within=5, actor=clerk)
    referral = handover.start_referral(case, clerk, reported_at=at("2026-11-20 10:00"),
                                        report="报告", justification="老板失联")
    make_referral_reach(referral, clerk)
    from wagewatch.services.cases import supervision

    listing = supervision.create_listing(case, clerk, authority="经开区管委会", official="王主任",
                                         grounds="老板失联", listed_on=date(2026, 11, 20),
                                         deadline_on=date(2026, 12, 31))
    return {"referral_id": referral.id, "listing_id": listing.id, "referral_step": "note"}


def make_referral_reach(referral: PoliceReferral, actor: User) -> None:
    """Approve a reported referral, complete its file and hand it over (S-310 arts. 5-6)."""
    handover.decide_approval(referral, actor, approved=True, approver_name="王局长",
                              approved_at=referral.reported_at, note=None,
                              expected_version=referral.version)
    complete_file(referral, actor)
    handover.hand_over(referral, actor, handed_over_at=referral.reported_at,
                        police_unit="经开公安分局", note=None, expected_version=referral.version)
