"""Issued instruments: generate and store at a step, correct as a new version, download exactly."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

from wagewatch.extensions import db
from wagewatch.instruments.engine import TemplateRefused, render
from wagewatch.instruments.kinds import InstrumentKind, kind_of
from wagewatch.models import (
    Case, InstrumentTemplate, IssuedDocument, PaymentOrder, ServiceRecord, User,
)
from wagewatch.services import ServiceError, audit
from wagewatch.services.cases import add_event
from wagewatch.services.document_numbers import take_document_number

#: The inquiry notice's own inputs, kept in its data so a correction can re-read them.
INQUIRY_FIELDS = ("matter", "attendee", "appear_at", "place", "materials")


def active_template(office_id: int, kind: InstrumentKind) -> tuple[bytes, InstrumentTemplate | None]:
    """The office's active uploaded template for ``kind``, else the default shipped one."""
    uploaded = db.session.scalar(db.select(InstrumentTemplate).where(
        InstrumentTemplate.office_id == office_id, InstrumentTemplate.kind == kind.code,
        InstrumentTemplate.activated_at.is_not(None), InstrumentTemplate.retired_at.is_(None)))
    if uploaded is not None:
        return uploaded.content, uploaded
    return kind.default_template(), None


def render_kind(case: Case, kind: InstrumentKind, subject: Any, number: str | None,
                issued_on: date, template: bytes) -> tuple[dict[str, Any], bytes]:
    """The data and the rendered bytes of one document (no database writes)."""
    data = {"title": kind.title, **kind.build(case, subject, number, issued_on)}
    try:
        return data, render(template, data)
    except TemplateRefused as error:
        raise ServiceError(f"无法生成《{kind.title}》：{error.message}请管理员检查本机构的文书模板。") \
            from error


def _store(case: Case, kind: InstrumentKind, subject: Any, number: str | None, issued_on: date,
           actor: User, **fields: Any) -> IssuedDocument:
    template, uploaded = active_template(case.office_id, kind)
    data, content = render_kind(case, kind, subject, number, issued_on, template)
    document = IssuedDocument(
        office_id=case.office_id, case_id=case.id, kind=kind.code, number=number,
        issued_on=issued_on, template_id=uploaded.id if uploaded else None,
        template_version=uploaded.label if uploaded else kind.default_template_version,
        data=data, content=content, sha256=hashlib.sha256(content).hexdigest(),
        size=len(content), created_by_id=actor.id, **fields)
    db.session.add(document)
    db.session.flush()
    return document


def issue(case: Case, code: str, actor: User, *, issued_on: date, subject: Any = None,
          payment_order: PaymentOrder | None = None,
          served_document: IssuedDocument | None = None) -> IssuedDocument:
    """Generate, number and store an instrument inside the caller's transaction (no commit): the
    timeline and the audit log name it; numbered kinds take the office's next 文号."""
    kind = kind_of(code)
    number = (take_document_number(case.office, kind.code, kind.number_code, issued_on.year)
              if kind.number_code else None)
    document = _store(case, kind, subject, number, issued_on, actor,
                      payment_order_id=payment_order.id if payment_order else None,
                      served_document_id=served_document.id if served_document else None)
    if kind.code != "service_receipt":
        add_event(case, actor, "document", case.status, case.status,
                  f"制作《{kind.title}》{number or ''}")
    audit.record("document.issue", object_type="issued_document", object_id=document.id,
                 actor=actor, changes=audit.changes_between({}, {
                     "case": case.number, "kind": kind.code, "number": number, "version": 1,
                     "sha256": document.sha256, "template_version": document.template_version}))
    return document


def _subject(document: IssuedDocument) -> Any:
    """What the document was built from, found again for a correction."""
    if document.kind == "service_receipt":
        return db.session.scalar(db.select(ServiceRecord).where(
            ServiceRecord.receipt_id == document.id))
    if document.kind == "inquiry_notice":
        return {key: document.data[key] for key in INQUIRY_FIELDS}
    return document.payment_order


def correct(document: IssuedDocument, reason: str, issued_on: date, actor: User) -> IssuedDocument:
    """Issue version n+1 of a document from the case's corrected data, with the reason; the
    earlier version stays stored and downloadable (same number)."""
    if not document.current:
        raise ServiceError("只能更正当前有效的版本。", field="reason")
    if not reason.strip():
        raise ServiceError("请填写更正原因。", field="reason")
    if issued_on < document.issued_on:
        raise ServiceError("更正日期不能早于原文书的日期。", field="issued_on")
    kind = kind_of(document.kind)
    document.current = False
    corrected = _store(document.case, kind, _subject(document), document.number, issued_on, actor,
                       version=document.version + 1, previous_id=document.id,
                       correction_reason=reason.strip(), payment_order_id=document.payment_order_id,
                       served_document_id=document.served_document_id)
    receipt = _subject(document) if document.kind == "service_receipt" else None
    if receipt is not None:
        receipt.receipt_id = corrected.id
    add_event(document.case, actor, "document", document.case.status, document.case.status,
              f"更正《{kind.title}》{document.number or ''}为第{corrected.version}版：{reason.strip()}")
    audit.record("document.correct", object_type="issued_document", object_id=corrected.id,
                 actor=actor, changes=audit.changes_between(
                     {"version": document.version, "sha256": document.sha256},
                     {"version": corrected.version, "sha256": corrected.sha256}),
                 detail=reason.strip())
    db.session.commit()
    return corrected


def file_name(document: IssuedDocument, extension: str = "docx") -> str:
    """A Chinese file name chosen by the server: title, number (or case number), version."""
    title = document.data.get("title", document.kind)
    reference = (document.number or document.case.number).replace("/", "-")
    suffix = f"-第{document.version}版" if document.version > 1 else ""
    return f"{title}-{reference}{suffix}.{extension}"


def download(document: IssuedDocument, actor: User, as_pdf: bool = False) -> None:
    """Audit a download of the stored bytes (or their PDF) and commit."""
    audit.record("document.download_pdf" if as_pdf else "document.download",
                 object_type="issued_document", object_id=document.id, actor=actor,
                 detail=f"{document.data.get('title', document.kind)} {document.number or ''}"
                        f" 第{document.version}版 sha256={document.sha256[:12]}")
    db.session.commit()


def case_documents(case: Case) -> list[IssuedDocument]:
    """Every stored version of the case's instruments, oldest first (receipts included)."""
    return list(db.session.scalars(db.select(IssuedDocument).where(
        IssuedDocument.case_id == case.id).order_by(IssuedDocument.id)))


def order_document(order: PaymentOrder) -> IssuedDocument | None:
    """The current 指令书 of a payment order (None for orders recorded before instruments)."""
    return db.session.scalar(db.select(IssuedDocument).where(
        IssuedDocument.payment_order_id == order.id, IssuedDocument.kind == "payment_order",
        IssuedDocument.current))
