"""Service (送达) of issued instruments: the record, its 送达回证, and the clock it starts."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, time

from wagewatch.extensions import db
from wagewatch.files.uploads import SpooledUpload
from wagewatch.instruments.kinds import kind_of
from wagewatch.models import (
    BlacklistProceeding, IssuedDocument, Listing, PaymentOrder, ServiceMethod,
    ServiceRecord, User,
)
from wagewatch.rules.case_flow import pay_by_deadline
from wagewatch.rules.service import service_problem
from wagewatch.services import ServiceError, audit
from wagewatch.services.blacklist import procedure
from wagewatch.services.cases.registration import add_event, refresh_deadlines
from wagewatch.services.documents import attachments, issuing
from wagewatch.services.flags.evaluation import evaluate_employer
from wagewatch.services.reference.calendar import current_calendar, today


@dataclass(frozen=True)
class ServiceInput:
    """A service as recorded from the signed 送达回证 (or the posting, post or notice)."""

    recipient: str
    place: str
    method: ServiceMethod
    served_on: date
    served_time: time | None
    servers: str
    signer_name: str | None = None
    signer_capacity: str | None = None
    refusal_note: str | None = None
    evidence: str | None = None


def _check(document: IssuedDocument, data: ServiceInput, evidence_files: int) -> None:
    if not kind_of(document.kind).served:
        raise ServiceError("该文书无需送达。")
    if not document.current:
        raise ServiceError("该文书已被更正，请送达当前版本。")
    if data.served_on < document.issued_on:
        raise ServiceError("送达日期不能早于文书日期。", field="served_on")
    if data.served_on > today():
        raise ServiceError("送达日期不能晚于今天。", field="served_on")
    problem = service_problem(str(data.method), signer_name=data.signer_name,
                              signer_capacity=data.signer_capacity,
                              refusal_note=data.refusal_note, evidence=data.evidence,
                              evidence_files=evidence_files)
    if problem is not None:
        raise ServiceError(problem.message, field=problem.field)


def start_order_clock(order: PaymentOrder, record: ServiceRecord) -> None:
    """The order's service: pay-by counted in working days from the service date (S-423 art. 26;
    a deadline running from receipt counts from 送达). A later re-service does not move it."""
    if order.served_on is not None:
        return
    deadline = pay_by_deadline(record.served_on, order.pay_within_working_days, current_calendar())
    order.served_on, order.service_method = record.served_on, record.method
    order.service_evidence = record.evidence or (
        f"送达回证：{record.recipient}" + (f"，{record.signer_name}代收" if record.signer_name else ""))
    order.pay_by_on, order.pay_by_provisional = deadline.due_on, deadline.provisional


def _blacklist_service(document: IssuedDocument, data: ServiceInput, actor: User) -> str | None:
    """Carry the service of a blacklist instrument to its proceeding (S-45 arts. 6, 8): a notice
    issued but not yet served is served by this record and its objection window starts (a
    notice served at issue must carry that date); a listing decision not yet served is served by
    this record. Returns a timeline note, if any."""
    if document.kind == "blacklist_notice":
        proceeding = db.session.get(BlacklistProceeding, document.data["proceeding_id"])
        notice = proceeding.notice if proceeding else None
        if proceeding is None or notice is None:
            return None
        if notice.served_on is None:
            window = procedure.notice_served(proceeding, data.served_on, data.method,
                                             data.evidence or f"送达回证：{data.recipient}", actor)
            return f"；陈述申辩期至{window.due_on}"
        if notice.served_on != data.served_on:
            raise ServiceError(f"列入告知书已登记于{notice.served_on}送达（陈述申辩期自该日起算），"
                               "送达回证的送达日期应与之一致。", field="served_on")
        return None
    if document.kind != "listing_decision":
        return None
    listing = db.session.get(Listing, document.data["listing_id"])
    if listing is None or listing.served_on is not None:
        return None
    if data.served_on < listing.decided_on:
        raise ServiceError("送达日期不能早于决定日期。", field="served_on")
    listing.served_on, listing.service_method = data.served_on, data.method
    listing.service_evidence = data.evidence or f"送达回证：{data.recipient}"
    return f"；列入决定书{listing.document_number}于{data.served_on}送达"


def record_service(document: IssuedDocument, data: ServiceInput, actor: User, *,
                   uploads: list[tuple[SpooledUpload, str | None]] | None = None,
                   chosen_attachment_ids: list[int] | None = None) -> ServiceRecord:
    """Record how ``document`` was served, generate its 送达回证 and, for a payment order, start
    its clock; one commit.

    ``uploads`` (streamed files with their names) and ``chosen_attachment_ids`` (the case's
    service photos/videos not yet tied to an order) are the photo or video evidence; posting
    needs at least one (S-JI art. 4). Every file is checked before anything is kept; for a
    payment order they are linked to it (attachments.require_service_evidence holds after)."""
    uploads = uploads or []
    case = document.case
    chosen = attachments.chosen_service_proofs(case, chosen_attachment_ids or [])
    _check(document, data, len(uploads) + len(chosen))
    blacklist_note = _blacklist_service(document, data, actor)
    checked = attachments.check_service_uploads(case, uploads, actor)
    order = document.payment_order if document.kind == "payment_order" else None
    title = document.data.get("title", document.kind)
    files = chosen + attachments.keep_service_uploads(
        case, uploads, checked, order, f"《{title}》{document.number or ''}的送达证据", actor)
    if order is not None:
        attachments.link_service_proofs(order, chosen, actor)
    data = replace(data, evidence=attachments.evidence_note(data.evidence, files))
    record = ServiceRecord(
        case_id=case.id, document_id=document.id, recipient=data.recipient.strip(),
        place=data.place.strip(), method=data.method, served_on=data.served_on,
        served_time=data.served_time, servers=data.servers.strip(),
        signer_name=(data.signer_name or "").strip() or None,
        signer_capacity=(data.signer_capacity or "").strip() or None,
        refusal_note=(data.refusal_note or "").strip() or None,
        evidence=(data.evidence or "").strip() or None, created_by_id=actor.id)
    db.session.add(record)
    db.session.flush()
    receipt = issuing.issue(case, "service_receipt", actor, issued_on=data.served_on,
                              subject=record, served_document=document)
    record.receipt_id = receipt.id
    note = (f"送达《{title}》{document.number or ''}：{data.method.receipt_label}，{data.served_on}，"
            f"受送达人{record.recipient}")
    if order is not None and order.served_on is None:
        start_order_clock(order, record)
        attachments.require_service_evidence(order)
        note += f"；责令于{order.pay_by_on}前支付" + ("（暂定期限）" if order.pay_by_provisional else "")
        refresh_deadlines(case)
    note += blacklist_note or ""
    add_event(case, actor, "service", case.status, case.status, note)
    db.session.flush()
    if order is not None:
        evaluate_employer(case.employer_id, today())
    audit.record("document.serve", object_type="issued_document", object_id=document.id,
                 actor=actor, changes=audit.changes_between({}, {
                     "case": case.number, "number": document.number, "method": str(data.method),
                     "served_on": data.served_on, "pay_by_on": order.pay_by_on if order else None,
                     "listing_served": (blacklist_note or "").lstrip("；") or None,
                     "evidence_files": [a.sha256 for a in files]}))
    db.session.commit()
    for attachment in files:
        attachments.ensure_thumbnail(attachment)
    return record
