"""Service (送达) of issued instruments: the record, its 送达回证, and the clock it starts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from wagewatch.extensions import db
from wagewatch.instruments.kinds import kind_of
from wagewatch.models import IssuedDocument, PaymentOrder, ServiceMethod, ServiceRecord, User
from wagewatch.rules.case_flow import pay_by_deadline
from wagewatch.rules.service import service_problem
from wagewatch.services import ServiceError, audit, documents
from wagewatch.services.calendar import current_calendar, today
from wagewatch.services.cases import add_event, refresh_deadlines
from wagewatch.services.evaluation import evaluate_employer


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


def _check(document: IssuedDocument, data: ServiceInput) -> None:
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
                              refusal_note=data.refusal_note, evidence=data.evidence)
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


def record_service(document: IssuedDocument, data: ServiceInput, actor: User) -> ServiceRecord:
    """Record how ``document`` was served, generate its 送达回证 and, for a payment order, start
    its clock; one commit."""
    _check(document, data)
    case = document.case
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
    receipt = documents.issue(case, "service_receipt", actor, issued_on=data.served_on,
                              subject=record, served_document=document)
    record.receipt_id = receipt.id
    title = document.data.get("title", document.kind)
    note = f"送达《{title}》{document.number or ''}：{data.method.receipt_label}，{data.served_on}，受送达人{record.recipient}"
    order = document.payment_order if document.kind == "payment_order" else None
    if order is not None and order.served_on is None:
        start_order_clock(order, record)
        note += f"；责令于{order.pay_by_on}前支付"
        refresh_deadlines(case)
    add_event(case, actor, "service", case.status, case.status, note)
    db.session.flush()
    if order is not None:
        evaluate_employer(case.employer_id, today())
    audit.record("document.serve", object_type="issued_document", object_id=document.id,
                 actor=actor, changes=audit.changes_between({}, {
                     "case": case.number, "number": document.number, "method": str(data.method),
                     "served_on": data.served_on, "pay_by_on": order.pay_by_on if order else None}))
    db.session.commit()
    return record
