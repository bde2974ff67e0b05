"""Context builders of the blacklist instruments (S-45 notice, decision, early removal, removal)
and the supervision notice."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from wagewatch.instruments.citations import BLACKLIST_MEASURES, WAGE_PAYMENT
from wagewatch.instruments.context import cn_date, common, money, pay_by_text
from wagewatch.models import (
    BlacklistProceeding, Case, EarlyRemovalApplication, Listing, PersonPosition, RemovalReason,
    SupervisedListing,
)
from wagewatch.rules.chinese_text import amount_in_capitals, chinese_date
from wagewatch.rules.listing import OBJECTION_WORKING_DAYS, objection_window, removal_sources
from wagewatch.rules.sources import article_text, citation
from wagewatch.services.reference.calendar import current_calendar

#: The basis every S-45 listing cites (S-724 art. 48; S-45 art. 5).
LISTING_BASIS = f"{WAGE_PAYMENT}第四十八条和{BLACKLIST_MEASURES}第五条"

#: Who is listed with the employer (S-45 art. 6).
LISTED_POSITIONS = (PersonPosition.LEGAL_REPRESENTATIVE, PersonPosition.PRINCIPAL,
                    PersonPosition.RESPONSIBLE_MANAGER, PersonPosition.OTHER_RESPONSIBLE)


def _person(name: str, position: PersonPosition, id_number: str | None) -> dict[str, str]:
    return {"name": name, "position": position.label, "id_number": id_number or "（未登记）"}


def _lapsed_orders(proceeding: BlacklistProceeding) -> list[dict[str, str]]:
    """Each grounding case with its served order, pay-by date and amount (S-45 art. 5)."""
    rows = []
    for link in proceeding.cases:
        order = link.payment_order
        if order is None:
            continue
        rows.append({"case_number": link.case_number, "order_number": order.document_number,
                     "ordered": money(order.amount_yuan),
                     "ordered_capitals": amount_in_capitals(order.amount_yuan),
                     "served_on": cn_date(order.served_on), "pay_by_on": pay_by_text(order)})
    return rows


def _basis(text: str) -> str:
    """The clerk's basis, completed with the statutory one when it does not already cite it."""
    text = (text or "").strip().split("。")[0].strip()
    return text if BLACKLIST_MEASURES in text else (
        f"{LISTING_BASIS}（{text}）" if text else LISTING_BASIS)


def blacklist_notice(case: Case, proceeding: BlacklistProceeding, number: str | None,
                     issued_on: date) -> dict[str, Any]:
    """拟列入告知书: the lapsed orders, grounds, basis, persons to be listed, the 5-working-day
    objection window from service and the art. 7 non-listing rule (S-45 arts. 5-7)."""
    notice = proceeding.notice
    persons = [_person(p.name, p.position, p.id_number) for p in proceeding.contractor.persons
               if p.position in LISTED_POSITIONS]
    due = (chinese_date(objection_window(notice.served_on, current_calendar()).due_on)
           if notice is not None and notice.served_on is not None else "送达之日起第5个工作日")
    return {**common(case, number, issued_on), "proceeding_id": proceeding.id,
            "cases": _lapsed_orders(proceeding), "grounds": notice.grounds if notice else "",
            "basis": _basis(notice.basis if notice else ""), "persons": persons,
            "objection_working_days": OBJECTION_WORKING_DAYS, "objection_due_on": due}


def _objection_summary(proceeding: BlacklistProceeding) -> str:
    if not proceeding.objections:
        return "你单位在规定期限内未提出陈述、申辩意见。"
    parts = [f"你单位于{chinese_date(o.received_on)}提出陈述、申辩意见，本机关经核实，于"
             f"{cn_date(o.answered_on)}答复：{o.answer or '（未记录）'}" for o in proceeding.objections]
    return "；".join(parts) + "。"


def listing_decision(case: Case, listing: Listing, number: str | None,
                     issued_on: date) -> dict[str, Any]:
    """列入决定书: 列入事由、列入依据、联合惩戒措施提示、提前移出条件和程序、救济措施, the listed
    persons and the 3-year period from the decision (S-45 arts. 8-14, 18)."""
    proceeding = listing.proceeding
    notice = proceeding.notice
    return {**common(case, number, issued_on), "proceeding_id": proceeding.id,
            "listing_id": listing.id, "notice_number": notice.document_number if notice else "（未记录）",
            "notice_served_on": cn_date(notice.served_on if notice else None),
            "objection_summary": _objection_summary(proceeding), "main_facts": listing.main_facts,
            "cases": _lapsed_orders(proceeding), "grounds": listing.grounds,
            "basis": _basis(listing.basis),
            "persons": [_person(p.name, p.position, p.id_number) for p in listing.persons],
            "starts_on": chinese_date(listing.starts_on), "ends_on": chinese_date(listing.ends_on),
            "punishment_measures": listing.punishment_measures.strip(),
            "early_removal_terms": listing.early_removal_terms.strip(), "title_short": "决定"}


#: How often a supervised case reports its progress [practice, not fixed by law].
SUPERVISION_REPORT_EVERY_DAYS = 7


def supervision_notice(case: Case, listing: SupervisedListing, number: str | None,
                       issued_on: date) -> dict[str, Any]:
    """挂牌督办通知书: supervising authority, case and parties, reason, responsible official,
    deadline and reporting cycle (no statutory form; practice)."""
    claimed = sum((cw.claimed_yuan for cw in case.workers), Decimal("0"))
    return {**common(case, number, issued_on), "supervision_id": listing.id,
            "authority": listing.authority, "official": listing.official,
            "grounds": listing.grounds, "listed_on": chinese_date(listing.listed_on),
            "deadline_on": chinese_date(listing.deadline_on), "worker_count": len(case.workers),
            "claimed_total": money(claimed), "claimed_capitals": amount_in_capitals(claimed),
            "status": f"案件当前状态为“{case.status.label}”",
            "report_every_days": SUPERVISION_REPORT_EVERY_DAYS}


def _findings(application: EarlyRemovalApplication) -> str:
    """The art. 12 conditions and art. 13 bars as decided, in one sentence."""
    parts = [f"你单位于{chinese_date(application.corrected_on)}改正拖欠工资违法行为"
             if application.corrected_on else "未能证明已改正拖欠工资违法行为",
             "已作出书面信用承诺" if application.written_commitment else "未作出书面信用承诺",
             "列入期间再次发生拖欠工资违法行为" if application.new_arrears
             else "列入期间未发现新的拖欠工资违法行为",
             "因涉嫌拒不支付劳动报酬罪被移送或者追究刑事责任" if application.criminal_proceedings
             else "未发现因拒不支付劳动报酬罪被追究刑事责任的情形"]
    return "，".join(parts) + "。"


def early_removal(case: Case, application: EarlyRemovalApplication, number: str | None,
                  issued_on: date) -> dict[str, Any]:
    """提前移出决定书 / 不予提前移出决定书: the application, findings on the art. 12 conditions and
    art. 13 bars, the decision with its reasons, the persons removed with the employer
    (S-45 arts. 12-14, 18)."""
    listing = application.listing
    return {**common(case, number, issued_on), "proceeding_id": listing.proceeding_id,
            "application_id": application.id,
            "applied_on": chinese_date(application.applied_on),
            "listing_number": listing.document_number, "starts_on": chinese_date(listing.starts_on),
            "ends_on": chinese_date(listing.ends_on), "findings": _findings(application),
            "decided_on": cn_date(application.decided_on),
            "note": (application.decision_note or "").strip() or "符合提前移出的条件。",
            "persons": [_person(p.name, p.position, p.id_number) for p in listing.persons],
            "title_short": "决定"}


def _removal_ground(listing: Listing) -> str:
    """Why the listing ends, in one sentence: the period, the early removal or the revocation."""
    note = (listing.removal_note or "").strip().rstrip("。")
    if listing.removal_reason is RemovalReason.EXPIRED:
        return (f"列入期限自{chinese_date(listing.starts_on)}起至{chinese_date(listing.ends_on)}止，"
                "已经届满。")
    if listing.removal_reason is RemovalReason.EARLY_REMOVAL and listing.removed_on is not None:
        return (f"你单位申请提前移出，本机关于{chinese_date(listing.removed_on)}决定同意提前移出"
                + (f"（{note}）" if note else "") + "。")
    return "列入所依据的责令限期支付文书已被依法撤销" + (f"：{note}" if note else "") + "。"


def _cite_all(refs: tuple[tuple[str, int], ...]) -> str:
    """Full citations of (source, article) pairs, the title given once per source."""
    parts, previous = [], None
    for key, article in refs:
        parts.append(article_text(article) if key == previous else citation(key, article))
        previous = key
    return "、".join(parts)


def removal_decision(case: Case, listing: Listing, number: str | None,
                     issued_on: date) -> dict[str, Any]:
    """移出决定（通知）: the party and persons, the listing decision's number and date, the ground
    and day of removal and its legal basis; remedies only for a revocation (S-45 arts. 16-17)."""
    reason = listing.removal_reason or RemovalReason.EXPIRED
    return {**common(case, number, issued_on), "proceeding_id": listing.proceeding_id,
            "listing_id": listing.id, "listing_number": listing.document_number or "（未记录）",
            "listing_decided_on": chinese_date(listing.decided_on),
            "starts_on": chinese_date(listing.starts_on), "ends_on": chinese_date(listing.ends_on),
            "ground": reason.label, "ground_text": _removal_ground(listing),
            "removed_on": cn_date(listing.removed_on),
            "basis": _cite_all(removal_sources(reason.value)),
            "persons": [_person(p.name, p.position, p.id_number) for p in listing.persons],
            "with_remedies": reason is RemovalReason.REVOKED, "title_short": "决定"}
