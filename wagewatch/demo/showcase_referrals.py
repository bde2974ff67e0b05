"""Demo police referrals at every step (S-310 arts. 5-8, 12), made through the services with real
files behind the checklist: a payroll photo and an interview record scan as evidence, the payment
order's 指令书 (rendered from the case) and a photo of its service, so the hand-over freezes a pack
the demo police account can download."""

from __future__ import annotations

import io
from datetime import date, datetime, time, timedelta

from PIL import Image, ImageDraw
from sqlalchemy import select

from wagewatch.extensions import db
from wagewatch.files.uploads import SpooledUpload
from wagewatch.instruments.kinds import kind_of
from wagewatch.models import (
    AttachmentKind, Case, CaseStatus, PaymentOrder, PoliceDecision, PoliceReferral,
    ReferralDocumentKind, RuleDecision, User,
)
from wagewatch.rules.clock import CHINA_TZ
from wagewatch.services.documents import attachments, issuing
from wagewatch.services.reference.calendar import current_calendar
from wagewatch.services.referrals import referral_outcomes, handover

#: Referral steps shown, each the state a referral is left in (S-310).
REFERRAL_STAGES = {
    "reported": "专案组已报告，待机关负责人3日内决定是否批准移送",
    "approved": "已批准移送，卷宗材料已备齐，待移送（24小时内）",
    "handed_over": "已移送并封存材料包，待公安机关接收",
    "received": "公安机关已接收，待决定是否立案（3日内）",
    "filed": "公安机关已立案，待移交涉案物品和材料（3日内）",
}
POLICE_UNIT = "徐州市公安局经济技术开发区分局"
REPORT = "用人单位经责令限期支付逾期仍未支付，数额较大，涉嫌拒不支付劳动报酬罪，专案组报告拟移送公安机关。"
JUSTIFICATION = "用人单位负责人经书面通知未到场说明情况，经责令支付逾期仍未支付。"
#: For each stage, how many working days before the anchor each step happened: report,
#: approval, hand-over, receipt, decision (None: not reached).
TIMES = {
    "reported": ((1, 10),),
    "approved": ((2, 9), (1, 11)),
    "handed_over": ((3, 9), (3, 11), (3, 16)),
    "received": ((4, 9), (4, 11), (4, 16), (1, 10)),
    "filed": ((5, 9), (5, 11), (5, 16), (4, 10), (1, 11)),
}


def working_days_before(anchor: date, days: int) -> date:
    """The working day ``days`` working days before ``anchor`` on the office calendar."""
    calendar = current_calendar()
    day, left = anchor, days
    while left > 0:
        day -= timedelta(days=1)
        if calendar.is_working_day(day):
            left -= 1
    return day


def _moment(anchor: date, days: int, hour: int) -> datetime:
    return datetime.combine(working_days_before(anchor, days), time(hour), tzinfo=CHINA_TZ)


def _picture(width: int, height: int, tint: tuple[int, int, int], rows: int) -> Image.Image:
    """A page with ruled rows, like a photographed form; the tint tells the files apart."""
    image = Image.new("RGB", (width, height), (250, 250, 246))
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 20, width - 20, 70), fill=tint)
    for row in range(rows):
        y = 90 + row * (height - 110) // rows
        draw.line((20, y, width - 20, y), fill=(90, 90, 90), width=2)
    return image


def _bytes(image: Image.Image, kind: str) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, kind, **({"resolution": 150.0} if kind == "PDF" else {}))
    return buffer.getvalue()


def _attach(case: Case, content: bytes, name: str, kind: AttachmentKind, link: str,
            actor: User) -> None:
    """Upload a file through the attachment service (checked by content, stored, audited)."""
    upload = SpooledUpload()
    try:
        upload.write(content)
        attachments.attach_to_case(case, upload, name, attachments.AttachmentInput(kind, link),
                                   actor)
    finally:
        upload.close()


def _latest_served_order(case: Case) -> PaymentOrder:
    return max((o for o in case.payment_orders if o.served_on is not None),
               key=lambda o: (o.issued_on, o.id))


def complete_file(referral: PoliceReferral, actor: User) -> None:
    """Put files behind every required item: payroll photo and interview record as other
    evidence, the order's 指令书 and a photo of its service; notes for the absent items."""
    case = referral.case
    items = {d.kind: d for d in referral.documents}
    order = _latest_served_order(case)
    tint = (40 + case.id % 150, 90, 160)
    _attach(case, _bytes(_picture(900, 640, tint, 12), "PNG"), "工资发放表（拍照）.png",
            AttachmentKind.PAYROLL, f"referral_item:{items[ReferralDocumentKind.OTHER_EVIDENCE].id}",
            actor)
    _attach(case, _bytes(_picture(1240, 1754, (120, 120, 120), 24), "PDF"), "询问笔录（扫描件）.pdf",
            AttachmentKind.INTERVIEW_RECORD,
            f"referral_item:{items[ReferralDocumentKind.OTHER_EVIDENCE].id}", actor)
    kind = kind_of("payment_order")
    template, _ = issuing.active_template(case.office_id, kind)
    _, order_file = issuing.render_kind(case, kind, order, order.document_number, order.issued_on,
                                          template)
    _attach(case, order_file, f"{order.document_number}（存档件）.docx", AttachmentKind.OTHER,
            f"referral_item:{items[ReferralDocumentKind.PAYMENT_ORDER].id}", actor)
    _attach(case, _bytes(_picture(800, 600, (200, 120, 40), 4), "JPEG"), "送达现场照片.jpg",
            AttachmentKind.SERVICE_PROOF, f"order:{order.id}", actor)
    db.session.refresh(referral)
    handover.update_checklist(referral, actor, notes={
        ReferralDocumentKind.ITEM_LIST: "本案无扣押的涉案物品",
        ReferralDocumentKind.INSPECTION_REPORTS: "本案不涉及检验或鉴定"},
        expected_version=referral.version)


def _cases(office_id: int, before: date, wanted: int) -> list[Case]:
    """Open cases whose served order's pay-by date passed before ``before`` with no referral:
    those the rules flag for referral first, then the others (with a written justification)."""
    lapsed = (select(Case).join(PaymentOrder, PaymentOrder.case_id == Case.id)
              .where(Case.office_id == office_id, Case.status == CaseStatus.PAYMENT_ORDERED,
                     Case.accepted_on < before, PaymentOrder.served_on.is_not(None),
                     PaymentOrder.pay_by_on < before,
                     Case.id.not_in(select(PoliceReferral.case_id)))
              .group_by(Case.id).order_by(Case.id))
    flagged = set(db.session.scalars(select(RuleDecision.case_id).where(
        RuleDecision.rule == "police_referral", RuleDecision.flagged.is_(True),
        RuleDecision.superseded_at.is_(None))))
    found = list(db.session.scalars(lapsed))
    return sorted(found, key=lambda c: (c.id not in flagged, c.id))[:wanted]


def _take(case: Case, stage: str, anchor: date, clerk: User, police: User) -> PoliceReferral:
    """Walk one case's referral up to ``stage`` through the services."""
    moments = [_moment(anchor, days, hour) for days, hour in TIMES[stage]]
    flag = handover.referral_flag(case.id)
    referral = handover.start_referral(case, clerk, reported_at=moments[0], report=REPORT,
                                        justification=None if flag else JUSTIFICATION)
    if len(moments) > 1:
        handover.decide_approval(referral, clerk, approved=True, approver_name="张大队长",
                                  approved_at=moments[1], note="同意移送",
                                  expected_version=referral.version)
        complete_file(referral, clerk)
    if len(moments) > 2:
        handover.hand_over(referral, clerk, handed_over_at=moments[2], police_unit=POLICE_UNIT,
                            note=None, expected_version=referral.version)
    if len(moments) > 3:
        referral_outcomes.record_receipt(referral, police, received_at=moments[3],
                                         receiver=police.display_name,
                                         expected_version=referral.version)
    if len(moments) > 4:
        referral_outcomes.record_decision(
            referral, police, decision=PoliceDecision.FILED, decided_at=moments[4], reasons=None,
            police_case_number=f"徐经公刑立字〔{moments[4].year}〕{referral.id}号",
            expected_version=referral.version)
    return referral


def showcase_referrals(office_id: int, anchor: date, clerk: User, police: User,
                       skipped: list[str]) -> dict[str, str]:
    """Take one case to each referral stage as of ``anchor``; returns stage -> case number.
    A case the services refuse is noted in ``skipped`` and the next one is tried."""
    from wagewatch.services import ServiceError

    shown: dict[str, str] = {}
    candidates = _cases(office_id, working_days_before(anchor, 6), 3 * len(REFERRAL_STAGES))
    for stage in REFERRAL_STAGES:
        while candidates and stage not in shown:
            case = candidates.pop(0)
            try:
                _take(case, stage, anchor, clerk, police)
            except ServiceError as refusal:
                db.session.rollback()
                skipped.append(f"移送 {case.number}：{refusal.message}")
                continue
            shown[stage] = case.number
    return shown
