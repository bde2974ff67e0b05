"""Demo police referrals: a case handed to the police walks the S-310 steps (report, approval,
hand-over with the full file, receipt, decision, materials or closing) up to the anchor date."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from wagewatch.demo.payments import CaseDraft, OrderInfo
from wagewatch.models import PoliceDecision, ReferralDocumentKind, ReferralStatus
from wagewatch.rules.clock import CHINA_TZ
from wagewatch.rules.referral_steps import ReferralFacts, referral_progress

POLICE_UNIT = "徐州市公安局经济技术开发区分局"
RECEIVERS = ("刘警官", "陈警官", "周警官", "马警官")
DOCUMENT_NOTES = {
    ReferralDocumentKind.REFERRAL_LETTER: "移送书1份",
    ReferralDocumentKind.INVESTIGATION_REPORT: "涉嫌犯罪案件情况的调查报告1份",
    ReferralDocumentKind.ITEM_LIST: "涉案物品清单1份",
    ReferralDocumentKind.INSPECTION_REPORTS: None,   # absent: the note below says why
    ReferralDocumentKind.OTHER_EVIDENCE: "工资表、考勤记录、询问笔录等",
    ReferralDocumentKind.PAYMENT_ORDER: "责令支付文书及送达回证",
}
DECLINE_REASONS = ("认为现有证据不足以证明用人单位有能力支付而不支付",
                   "用人单位已在立案审查期间支付全部欠薪")


def _later(moment: datetime, rng, hours: tuple[int, int]) -> datetime:
    return moment + timedelta(hours=rng.randint(*hours), minutes=rng.randrange(60))


def hand_over(draft: CaseDraft, order: OrderInfo, referred_on: date) -> None:
    """Buffer a referral of the case to the police on ``referred_on`` (after its ignored payment
    order, S-JI art. 4; S-100), its file items and timeline, and the police's steps that the
    anchor date has reached; the next step's limit comes from the rules (S-310)."""
    ctx, rng = draft.ctx, draft.ctx.rng
    referral_id = ctx.ids.take("police_referral")
    reported = ctx.at(referred_on, 8, 9)
    approved = _later(reported, rng, (0, 1))
    handed = _later(approved, rng, (1, 3))          # within 24 hours of the approval
    received = _later(handed, rng, (0, 2))
    now = datetime.combine(ctx.anchor, time(23, 59), tzinfo=CHINA_TZ).astimezone(UTC)
    decided = _later(received, rng, (20, 70))        # within 3 days (S-310 art. 8)
    filed = ctx.chance(0.75)
    row: dict[str, Any] = {
        "id": referral_id, "office_id": ctx.office_id, "case_id": draft.case_id,
        "contractor_id": draft.employer.id, "status": ReferralStatus.RECEIVED,
        "justification": f"{order.issued_on:%Y年%m月%d日}责令支付，逾期未支付，经催告仍拒不支付。",
        "reported_at": reported, "reported_by_id": draft.handler_id,
        "report": "用人单位逾期拒不支付劳动者的劳动报酬，数额较大，涉嫌拒不支付劳动报酬罪。",
        "approved": True, "approved_at": approved, "approver_name": "张大队长",
        "approval_note": "同意移送", "handed_over_at": handed, "police_unit": POLICE_UNIT,
        "letter_number": f"经开劳监移字〔{referred_on.year}〕{referral_id}号",
        "police_received_at": received, "police_receiver": rng.choice(RECEIVERS),
        "police_decision": None, "police_decided_at": None, "police_reasons": None,
        "police_case_number": None, "materials_handed_over_at": None, "materials_note": None,
        "closed_at": None, "closing_note": None, "created_at": reported, "version": 1,
    }
    events = [(reported, "reported", "专案组报告：用人单位逾期拒不支付，涉嫌拒不支付劳动报酬罪。"),
              (approved, "approval", "大队长批准移送公安机关"),
              (handed, "hand_over", f"移送{POLICE_UNIT}，附卷宗材料"),
              (received, "police_receipt", f"公安机关接收，经办人{row['police_receiver']}")]
    if decided <= now:
        row.update(police_decided_at=decided, status=ReferralStatus.FILED if filed
                   else ReferralStatus.DECLINED,
                   police_decision=PoliceDecision.FILED if filed else PoliceDecision.DECLINED)
        if filed:
            row["police_case_number"] = f"经开公经立字〔{decided.year}〕{referral_id}号"
            events.append((decided, "police_decision",
                           f"公安机关决定立案，案件编号{row['police_case_number']}"))
            materials = _later(decided, rng, (4, 40))
            if materials <= now:
                row.update(materials_handed_over_at=materials, status=ReferralStatus.COMPLETED,
                           materials_note="移交工资表原件及询问笔录")
                events.append((materials, "materials", "移交涉案物品及材料，办结交接"))
        else:
            row["police_reasons"] = rng.choice(DECLINE_REASONS)
            events.append((decided, "police_decision", f"公安机关决定不予立案：{row['police_reasons']}"))
            closed = _later(decided, rng, (24, 60))
            if closed <= now:
                row.update(closed_at=closed, status=ReferralStatus.CLOSED,
                           closing_note="经研究不提请复议，继续督促用人单位支付。")
                events.append((closed, "closed", "结束移送：不提请复议"))
    progress = referral_progress(ReferralFacts(
        reported_at=reported, approved_at=approved, approved=True, handed_over_at=handed,
        police_received_at=received, police_decision=row["police_decision"] and
        str(row["police_decision"]), police_decided_at=row["police_decided_at"],
        materials_handed_over_at=row["materials_handed_over_at"], closed_at=row["closed_at"]), now)
    row["next_step"] = progress.current.step if progress.current else None
    row["next_due_at"] = progress.current.due_at if progress.current else None
    ctx.batch.add("police_referral", row)
    for document_kind, note in DOCUMENT_NOTES.items():
        ctx.batch.add("referral_document", {"id": ctx.ids.take("referral_document"),
                                            "referral_id": referral_id, "kind": document_kind,
                                            "note": note or "本案不涉及检验或鉴定"})
    for moment, kind, note in events:
        ctx.batch.add("referral_event", {"id": ctx.ids.take("referral_event"),
                                         "referral_id": referral_id, "occurred_at": moment,
                                         "actor_id": draft.handler_id, "kind": kind, "note": note})
