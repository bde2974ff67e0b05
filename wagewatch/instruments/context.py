"""Context builders: the plain data (text, lists, dicts) each kind is rendered from.

Every builder takes the case, the kind's subject (a payment order, a service record, the inquiry
form's values, or None) and the document's number and date, and returns only JSON-safe values:
the same dict is stored with the issued document, so a version can be re-read exactly.
"""

from __future__ import annotations

import io
import math
from datetime import date, time
from decimal import Decimal
from typing import Any

import docx

from wagewatch.extensions import db
from wagewatch.instruments.citations import LABOUR_INSPECTION, LABOUR_LAW, WAGE_PAYMENT
from wagewatch.models import (
    Case, Contractor, ContractorKind, IssuedDocument, PaymentOrder, RuleDecision, ServiceRecord,
)
from wagewatch.rules.chinese_text import amount_in_capitals, chinese_date
from wagewatch.rules.money import yuan
from wagewatch.services.cases.balances import balances

#: Where a district office's decisions are reviewed and challenged unless a template says
#: otherwise (the district government since 2024 [practice]; the court of first instance).
REVIEW_BODY = "本机关的本级人民政府"
COURT = "有管辖权的人民法院"
VIOLATED = f"{LABOUR_LAW}第五十条和{WAGE_PAYMENT}第十一条"
ORDER_BASIS = f"{LABOUR_INSPECTION}第二十六条和{WAGE_PAYMENT}第五十四条"


def money(value: Decimal) -> str:
    """An amount in yuan as printed in figures: 79,000.00."""
    return f"{yuan(value):,.2f}"


def cn_date(value: date | None) -> str:
    return chinese_date(value) if value else "（未记录）"


def pay_by_text(order: PaymentOrder) -> str:
    """An order's pay-by date in Chinese; a provisional one (its year's holiday schedule not yet
    complete, counted Monday to Friday) carries the 暂定 note, as every document that shows it must."""
    text = cn_date(order.pay_by_on)
    if order.pay_by_on is not None and order.pay_by_provisional:
        text += f"（暂定：{order.pay_by_on.year}年节假日安排尚未录入完毕，按周一至周五估算）"
    return text


def cn_datetime(day: date, at: time | None) -> str:
    """2026年10月9日10时30分, or the date alone when no hour was recorded."""
    if at is None:
        return chinese_date(day)
    minutes = f"{at.minute}分" if at.minute else ""
    return f"{chinese_date(day)}{at.hour}时{minutes}"


def party(contractor: Contractor) -> dict[str, str]:
    """A party as the H block names it (unit: USCC and legal representative; person: ID number)."""
    individual = contractor.kind is ContractorKind.INDIVIDUAL
    representative = contractor.legal_representative
    return {
        "name": contractor.name,
        "code": (contractor.id_number if individual else contractor.uscc) or "（未登记）",
        "representative_title": "经营者" if individual else "法定代表人（主要负责人）",
        "representative": contractor.name if individual else (
            representative.name if representative else "（未登记）"),
        "address": contractor.address or "（未登记）",
        "phone": contractor.phone or "（未登记）",
    }


def common(case: Case, number: str | None, issued_on: date) -> dict[str, Any]:
    """What every kind prints: authority, numbers, date, the employer and the case officer."""
    return {
        "office_name": case.office.name,
        "document_number": number or "",
        "case_number": case.number,
        "issued_on": chinese_date(issued_on),
        "employer": party(case.employer),
        "handler": case.handler.display_name,
        "review_body": REVIEW_BODY,
        "court": COURT,
    }


def _complainant(case: Case) -> dict[str, str]:
    """The representative (or first) worker, with 等 when the complaint is collective."""
    if not case.workers:
        return {"name": "（未登记）", "id_number": "（未登记）", "phone": "（未登记）"}
    chosen = next((cw for cw in case.workers if cw.representative), None) or case.workers[0]
    return {"name": chosen.worker.name + ("等" if len(case.workers) > 1 else ""),
            "id_number": chosen.worker.id_number, "phone": chosen.worker.phone or "（未登记）"}


def _claimed(case: Case) -> Decimal:
    return sum((cw.claimed_yuan for cw in case.workers), Decimal("0"))


def acceptance_notice(case: Case, subject: None, number: str | None, issued_on: date) -> dict:
    """受理通知书: accepted and filed the same day (S-25 art. 18; S-423 art. 14)."""
    return {**common(case, number, issued_on), "complainant": _complainant(case),
            "received_on": chinese_date(case.received_on), "accepted_on": cn_date(case.accepted_on),
            "worker_count": len(case.workers), "claimed_total": money(_claimed(case))}


NOT_ACCEPTED = {
    "time_barred": ("违法行为终止之日起已超过2年", f"{LABOUR_INSPECTION}第二十条",
                    "该违法行为已超过劳动保障监察的查处时效，你（们）可以依法申请劳动争议仲裁或者向人民法院提起诉讼。"),
    "no_employer": ("投诉材料不能确定明确的用人单位", f"{LABOUR_INSPECTION}第十四条",
                    "请补充用人单位的名称、地址、用工时间和欠薪金额等材料后重新投诉。"),
    "outside_jurisdiction": ("该投诉不属于本机关管辖", f"{LABOUR_INSPECTION}第十三条",
                             "请向用工所在地的劳动保障行政部门投诉。"),
}


def non_acceptance_notice(case: Case, subject: None, number: str | None, issued_on: date) -> dict:
    """不予受理通知书 with the reason, its basis and where to turn (S-25 art. 18; S-423 art. 20)."""
    reason, basis, advice = NOT_ACCEPTED[str(case.not_accepted_reason)]
    return {**common(case, number, issued_on), "complainant": _complainant(case),
            "received_on": chinese_date(case.received_on), "reason": reason,
            "reason_basis": basis, "advice": advice, "note": case.not_accepted_note or "",
            "title_short": "决定"}


def filing_approval(case: Case, subject: None, number: str | None, issued_on: date) -> dict:
    """立案审批表: the checks of jurisdiction and limitation, for signature (S-423 arts. 13-16, 20)."""
    ended = case.violation_ended_on
    return {**common(case, number, issued_on), "channel": case.channel.label,
            "received_on": chinese_date(case.received_on), "accepted_on": cn_date(case.accepted_on),
            "worker_names": "、".join(cw.worker.name for cw in case.workers),
            "worker_count": len(case.workers), "claimed_total": money(_claimed(case)),
            "claimed_capitals": amount_in_capitals(_claimed(case)),
            "facts": case.summary or "（未记录）", "violated": VIOLATED,
            "township": case.township.name,
            "limitation": (f"违法行为终止于{chinese_date(ended)}，未超过2年" if ended
                           else "违法行为仍在持续，未超过2年")}


def inquiry_notice(case: Case, subject: dict, number: str | None, issued_on: date) -> dict:
    """询问通知书: when and where to appear, who and what to bring (S-423 arts. 15, 30)."""
    return {**common(case, number, issued_on), "matter": subject["matter"],
            "attendee": subject["attendee"], "appear_at": subject["appear_at"],
            "place": subject["place"], "materials": list(subject["materials"])}


def _order_workers(order: PaymentOrder) -> list[dict[str, str | int]]:
    return [{"no": index, "name": item.case_worker.worker.name,
             "id_number": item.case_worker.worker.id_number, "amount": money(item.amount_yuan)}
            for index, item in enumerate(order.items, start=1)]


def payment_order(case: Case, order: PaymentOrder, number: str | None, issued_on: date) -> dict:
    """责令限期支付（改正）指令书: each worker's amount, the total in figures and capitals, the
    working days to pay counted from service (S-423 art. 26; S-724 arts. 30, 54)."""
    contractor = case.project.general_contractor if case.project else None
    general = (contractor.name if contractor is not None and contractor.id != case.employer_id
               else "")
    facts = f"你单位在{case.project.name}项目中，" if case.project else ""
    return {**common(case, number, issued_on), "general_contractor": general,
            "facts": facts, "worker_count": len(order.items), "total": money(order.amount_yuan),
            "total_capitals": amount_in_capitals(order.amount_yuan), "violated": VIOLATED,
            "basis": ORDER_BASIS, "pay_within_working_days": order.pay_within_working_days,
            "workers": _order_workers(order), "title_short": "指令"}


def handling_decision(case: Case, order: PaymentOrder, number: str | None,
                      issued_on: date) -> dict:
    """行政处理决定书 (加付赔偿金): unpaid wages and 50%-100% extra per worker after the order
    lapsed (劳动合同法 art. 85; S-423 art. 26)."""
    rate = order.extra_compensation_rate or Decimal("0")
    unpaid = {cw_id: b.outstanding for cw_id, b in balances(case).items() if b.outstanding > 0}
    names = {cw.id: cw.worker.name for cw in case.workers}
    extra_total = order.extra_compensation_yuan or Decimal("0")
    rows, given = [], Decimal("0")
    for index, (cw_id, amount) in enumerate(unpaid.items(), start=1):
        extra = yuan(amount * rate) if index < len(unpaid) else extra_total - given
        given += extra
        rows.append({"no": index, "name": names[cw_id], "unpaid": money(amount),
                     "extra": money(extra)})
    unpaid_total = sum(unpaid.values(), Decimal("0"))
    return {**common(case, number, issued_on), "accepted_on": cn_date(case.accepted_on),
            "order_number": order.document_number, "order_issued_on": chinese_date(order.issued_on),
            "order_served_on": cn_date(order.served_on), "pay_by_on": pay_by_text(order),
            "pay_within_working_days": order.pay_within_working_days,
            "worker_count": len(rows), "unpaid": money(unpaid_total),
            "unpaid_capitals": amount_in_capitals(unpaid_total), "violated": VIOLATED,
            "rate_percent": f"{rate * 100:.0f}", "extra_total": money(extra_total),
            "extra_capitals": amount_in_capitals(extra_total), "workers": rows,
            "title_short": "决定"}


def service_receipt(case: Case, record: ServiceRecord, number: str | None,
                    issued_on: date) -> dict:
    """送达回证: the instrument served, to whom, where, how, when, and who signed or refused."""
    document = record.document
    signer = (f"{record.signer_name}（{record.signer_capacity}）" if record.signer_name
              else "无")
    return {**common(case, number, issued_on),
            "served": {"title": document.data.get("title", ""), "number": document.number or ""},
            "recipient": record.recipient, "place": record.place,
            "method": record.method.receipt_label, "method_detail": record.method.label,
            "served_at": cn_datetime(record.served_on, record.served_time),
            "signature_line": "（签名或盖章）" if record.refusal_note is None else "拒绝签收",
            "signer": signer, "refusal": record.refusal_note or "无",
            "servers": record.servers, "remarks": record.evidence or "无"}


def _issued_list(case: Case) -> str:
    """Every current instrument of the case with its number and service date."""
    documents = db.session.scalars(db.select(IssuedDocument).where(
        IssuedDocument.case_id == case.id, IssuedDocument.current,
        IssuedDocument.served_document_id.is_(None)).order_by(IssuedDocument.id))
    lines = []
    for document in documents:
        served = document.service_records[-1].served_on if document.service_records else None
        lines.append(document.data.get("title", document.kind) + (document.number or "")
                     + (f"（{chinese_date(served)}送达）" if served else ""))
    return "；".join(lines) or "无"


def closing_approval(case: Case, subject: None, number: str | None, issued_on: date) -> dict:
    """结案审批表: outcome, instruments with numbers and service dates, the money (S-423 art. 17)."""
    totals = {"claimed": Decimal("0"), "confirmed": Decimal("0"), "ordered": Decimal("0"),
              "recovered": Decimal("0"), "outstanding": Decimal("0")}
    for b in balances(case).values():
        totals["claimed"] += b.claimed
        totals["confirmed"] += b.owed
        totals["ordered"] += b.ordered
        totals["recovered"] += b.recovered
        totals["outstanding"] += b.outstanding
    by_payer: dict[str, Decimal] = {}
    for recovery in case.recoveries:
        by_payer[recovery.payer.label] = by_payer.get(recovery.payer.label, Decimal("0")) + \
            recovery.amount_yuan
    extra = [(o.document_number, o.extra_compensation_yuan) for o in case.payment_orders
             if o.extra_compensation_yuan]
    return {**common(case, number, issued_on), "accepted_on": cn_date(case.accepted_on),
            "extension": (f"{case.extension_approver}于{chinese_date(case.extension_approved_on)}批准延长30个工作日"
                          if case.extended and case.extension_approved_on else "未延期"),
            "outcome": case.status.label, "documents": _issued_list(case),
            "claimed_total": money(totals["claimed"]), "confirmed_total": money(totals["confirmed"]),
            "ordered_total": money(totals["ordered"]), "recovered_total": money(totals["recovered"]),
            "recovered_by_payer": "；".join(f"{k}{money(v)}元" for k, v in by_payer.items()) or "无",
            "outstanding_total": money(totals["outstanding"]),
            "extra_compensation": "；".join(f"{number}：{money(amount)}元"
                                          for number, amount in extra) or "无",
            "closed_on": cn_date(case.closed_on), "closing_note": case.closing_note or ""}



# Police referral (S-310 art. 6) ---------------------------------------------------------------

GRID_LINES, GRID_CHARS = 22, 28  # GB/T 9704-2012: 22 lines of 28 characters a page


def estimated_pages(content: bytes) -> int:
    """Pages of a generated .docx estimated on the GB/T 9704 grid (22 lines × 28 characters):
    each paragraph or table row takes at least one line; at least one page."""
    opened = docx.Document(io.BytesIO(content))
    lines = sum(max(1, math.ceil(len(p.text) / GRID_CHARS)) for p in opened.paragraphs)
    lines += sum(len(table.rows) for table in opened.tables)
    return max(1, math.ceil(lines / GRID_LINES))


def _approved_on(referral: Any) -> str:
    return chinese_date(referral.approved_at.date()) if referral.approved_at else "（未记录）"


def referral_letter(case: Case, referral: Any, number: str | None, issued_on: date) -> dict:
    """涉嫌犯罪案件移送书: to the police unit, with the approval and the enclosures (S-310 art. 6)."""
    return {**common(case, number, issued_on), "police_unit": referral.police_unit or "公安机关",
            "approver_name": referral.approver_name or "（未记录）",
            "approved_on": _approved_on(referral),
            "enclosures": ["涉嫌犯罪案件调查报告", "移送材料清单", "其他有关涉嫌犯罪的材料（见移送材料清单）"]}


def _flag_reasons(referral: Any) -> list[str]:
    """The reasons of the rules' flag the referral started from, as the rules wrote them."""
    if referral.rule_decision_id is None:
        return [f"未经规则标记，移送理由：{referral.justification}"] if referral.justification else []
    decision = db.session.get_one(RuleDecision, referral.rule_decision_id)
    return [r["text"] for r in decision.reasons.get("reasons", []) if r.get("met")]


def _order_lines(case: Case) -> list[dict[str, str]]:
    lines = []
    for order in case.payment_orders:
        served = (f"于{chinese_date(order.served_on)}送达" if order.served_on else "尚未送达")
        pay_by = f"，支付期限于{pay_by_text(order)}届满" if order.pay_by_on else ""
        lines.append({"text": f"{chinese_date(order.issued_on)}以{order.document_number}责令当事人支付"
                              f"{money(order.amount_yuan)}元，{served}{pay_by}。"})
    return lines or [{"text": "本案未制作责令支付文书。"}]


def investigation_report(case: Case, referral: Any, number: str | None, issued_on: date) -> dict:
    """涉嫌犯罪案件调查报告: the parties, the facts, each worker's unpaid wages, the payment orders
    and their service, and the reasons of the rules' flag (S-310 art. 6 (2); S-100)."""
    owed = balances(case)
    workers, total, outstanding = [], Decimal("0"), Decimal("0")
    for index, cw in enumerate(case.workers, start=1):
        b = owed.get(cw.id)
        total += b.owed if b else Decimal("0")
        left = b.outstanding if b else Decimal("0")
        outstanding += left
        workers.append({"no": index, "name": cw.worker.name, "id_number": cw.worker.id_number,
                        "amount": money(left)})
    return {**common(case, number, issued_on), "received_on": chinese_date(case.received_on),
            "accepted_on": cn_date(case.accepted_on), "worker_count": len(workers),
            "total": money(total), "total_capitals": amount_in_capitals(total),
            "outstanding": money(outstanding), "outstanding_capitals": amount_in_capitals(outstanding),
            "workers": workers, "orders": _order_lines(case), "report": referral.report,
            "reasons": _flag_reasons(referral)}


def materials_list(case: Case, subject: dict, number: str | None, issued_on: date) -> dict:
    """移送材料清单: each file handed over with its pages and SHA-256 (S-310 art. 6)."""
    referral = subject["referral"]
    materials = [{"no": index, "name": m["name"], "pages": str(m["pages"] or "—"),
                  "sha256": m["sha256"]} for index, m in enumerate(subject["materials"], start=1)]
    return {**common(case, number, issued_on), "police_unit": referral.police_unit or "公安机关",
            "materials": materials, "material_count": len(materials)}
