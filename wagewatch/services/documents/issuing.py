"""Issued instruments: generate and store at a step, correct as a new version, download exactly."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

from wagewatch.extensions import db
from wagewatch.instruments.engine import TemplateRefused, render
from wagewatch.instruments.kinds import InstrumentKind, kind_of
from wagewatch.models import (
    BlacklistProceeding, Case, EarlyRemovalApplication, InstrumentTemplate, IssuedDocument, Listing,
    PaymentOrder, PoliceReferral, ServiceRecord, SupervisedListing, User,
)
from wagewatch.services import ServiceError, audit
from wagewatch.services.bound_values import of_case
from wagewatch.services.cases.registration import add_event
from wagewatch.services.documents.document_numbers import take_document_number

#: The instruments of a blacklist proceeding (filed with the proceeding's first case).
BLACKLIST_KINDS = ("blacklist_notice", "listing_decision", "early_removal_decision",
                   "early_removal_refusal", "removal_decision")
#: The police referral's instruments, made from the referral (S-310 art. 6).
REFERRAL_KINDS = frozenset({"referral_letter", "investigation_report", "materials_list"})

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
           actor: User | None, **fields: Any) -> IssuedDocument:
    template, uploaded = active_template(case.office_id, kind)
    data, content = render_kind(case, kind, subject, number, issued_on, template)
    document = IssuedDocument(
        office_id=case.office_id, case_id=case.id, kind=kind.code, number=number,
        issued_on=issued_on, template_id=uploaded.id if uploaded else None,
        template_version=uploaded.label if uploaded else kind.default_template_version,
        data=data, content=content, sha256=hashlib.sha256(content).hexdigest(),
        size=len(content), created_by_id=actor.id if actor else None, **fields)
    db.session.add(document)
    db.session.flush()
    return document


def issue(case: Case, code: str, actor: User | None, *, issued_on: date, subject: Any = None,
          payment_order: PaymentOrder | None = None,
          served_document: IssuedDocument | None = None,
          number: str | None = None) -> IssuedDocument:
    """Generate, number and store an instrument inside the caller's transaction (no commit): the
    timeline and the audit log name it; numbered kinds take the office's next 文号 unless the
    clerk gave one (``number``, as the blacklist steps allow). ``actor`` is None when the system
    issues it (the daily expiry run)."""
    kind = kind_of(code)
    number = (number or "").strip() or None
    if number is not None:
        holder = number_holder(case.office_id, number)
        if holder is not None:
            raise ServiceError(f"文号“{number}”已被本机构的《{holder.data.get('title', holder.kind)}》"
                               "使用，请核对文号，或留空按本机构文号格式自动编号。",
                               field="document_number")
    elif kind.number_code:
        number = take_document_number(case.office, kind.code, kind.number_code, issued_on.year)
        while number_holder(case.office_id, number) is not None:  # typed by hand earlier: in use,
            number = take_document_number(  # so passing over it leaves no gap
                case.office, kind.code, kind.number_code, issued_on.year)
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


def number_holder(office_id: int, number: str) -> IssuedDocument | None:
    """The office's document that already carries the 文号 ``number`` (any kind), if any."""
    return db.session.scalar(db.select(IssuedDocument).where(
        IssuedDocument.office_id == office_id, IssuedDocument.number == number)
        .order_by(IssuedDocument.id).limit(1))


def _subject(document: IssuedDocument) -> Any:
    """What the document was built from, found again for a correction."""
    if document.kind == "service_receipt":
        return db.session.scalar(db.select(ServiceRecord).where(
            ServiceRecord.receipt_id == document.id))
    if document.kind == "inquiry_notice":
        return {key: document.data[key] for key in INQUIRY_FIELDS}
    if document.kind == "blacklist_notice":
        return db.session.get(BlacklistProceeding, document.data["proceeding_id"])
    if document.kind in ("listing_decision", "removal_decision"):
        return db.session.get(Listing, document.data["listing_id"])
    if document.kind in ("early_removal_decision", "early_removal_refusal"):
        return db.session.get(EarlyRemovalApplication, document.data["application_id"])
    if document.kind == "supervision_notice":
        return db.session.get(SupervisedListing, document.data["supervision_id"])
    if document.kind in REFERRAL_KINDS:
        referral = db.session.scalar(db.select(PoliceReferral).where(
            PoliceReferral.case_id == document.case_id).order_by(PoliceReferral.id.desc()).limit(1))
        if document.kind != "materials_list":
            return referral
        return {"referral": referral, "materials": [
            {"name": m["name"], "pages": m["pages"], "sha256": m["sha256"]}
            for m in document.data["materials"]]}
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
    return list(db.session.scalars(of_case(IssuedDocument), {"case_id": case.id}))


def order_document(order: PaymentOrder) -> IssuedDocument | None:
    """The current 指令书 of a payment order (None for orders recorded before instruments)."""
    return db.session.scalar(db.select(IssuedDocument).where(
        IssuedDocument.payment_order_id == order.id, IssuedDocument.kind == "payment_order",
        IssuedDocument.current))


def proceeding_documents(proceeding: BlacklistProceeding) -> list[IssuedDocument]:
    """Every stored version of a blacklist proceeding's instruments, oldest first (receipts of
    their service excluded: they are reached through the service records)."""
    case_ids = [link.case_id for link in proceeding.cases]
    if not case_ids:
        return []
    documents = db.session.scalars(db.select(IssuedDocument).where(
        IssuedDocument.case_id.in_(case_ids),
        IssuedDocument.kind.in_(BLACKLIST_KINDS)).order_by(IssuedDocument.id))
    return [d for d in documents if d.data.get("proceeding_id") == proceeding.id]


def supervision_notices(listings: list[SupervisedListing]) -> dict[int, list[IssuedDocument]]:
    """Every stored version of each supervised listing's 挂牌督办通知书, oldest first, by
    listing id (one query for a page of listings)."""
    by_listing: dict[int, list[IssuedDocument]] = {listing.id: [] for listing in listings}
    if not listings:
        return by_listing
    for document in db.session.scalars(db.select(IssuedDocument).where(
            IssuedDocument.case_id.in_({listing.case_id for listing in listings}),
            IssuedDocument.kind == "supervision_notice").order_by(IssuedDocument.id)):
        if document.data.get("supervision_id") in by_listing:
            by_listing[document.data["supervision_id"]].append(document)
    return by_listing
