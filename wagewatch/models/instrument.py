"""Issued instruments (执法文书): stored bytes per version, their numbers, templates and service."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wagewatch.models.base import Base, BigIntPK, enum_type, utcnow
from wagewatch.models.case import Case
from wagewatch.models.payment import PaymentOrder, ServiceMethod
from wagewatch.models.user import User


class DocumentNumberCounter(Base):
    """The last document number used per office, kind and year; incremented in the issuing
    transaction, like case numbers."""

    __tablename__ = "document_number_counter"

    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last_seq: Mapped[int] = mapped_column(default=0)


class InstrumentTemplate(Base):
    """An office's uploaded .docx template for one kind; versions are kept, at most one active."""

    __tablename__ = "instrument_template"
    __table_args__ = (UniqueConstraint("office_id", "kind", "version",
                                       name="uq_instrument_template_office_id_kind_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    version: Mapped[int]
    file_name: Mapped[str] = mapped_column(String(200))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    previewed_case_id: Mapped[int | None] = mapped_column(ForeignKey("case.id"))
    activated_at: Mapped[datetime | None]
    activated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    retired_at: Mapped[datetime | None]

    uploaded_by: Mapped[User] = relationship(foreign_keys=[uploaded_by_id])

    @property
    def active(self) -> bool:
        return self.activated_at is not None and self.retired_at is None

    @property
    def label(self) -> str:
        return f"本机构第{self.version}版"


class IssuedDocument(Base):
    """One version of an instrument as issued: the exact bytes, their SHA-256, the data they were
    rendered from and the template version; a correction adds version n+1 and keeps this one."""

    __tablename__ = "issued_document"
    __table_args__ = (
        UniqueConstraint("office_id", "kind", "number", "version",
                         name="uq_issued_document_office_id_kind_number_version"),
        Index("ix_issued_document_case_kind", "case_id", "kind"),
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"))
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"))
    kind: Mapped[str] = mapped_column(String(40))
    number: Mapped[str | None] = mapped_column(String(60))
    version: Mapped[int] = mapped_column(default=1)
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("issued_document.id"))
    correction_reason: Mapped[str | None] = mapped_column(Text)
    current: Mapped[bool] = mapped_column(default=True)
    issued_on: Mapped[date]
    template_id: Mapped[int | None] = mapped_column(ForeignKey("instrument_template.id"))
    template_version: Mapped[str] = mapped_column(String(40))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int]
    payment_order_id: Mapped[int | None] = mapped_column(ForeignKey("payment_order.id"), index=True)
    #: For a 送达回证: the instrument whose service it proves.
    served_document_id: Mapped[int | None] = mapped_column(ForeignKey("issued_document.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    case: Mapped[Case] = relationship()
    created_by: Mapped[User | None] = relationship()
    template: Mapped[InstrumentTemplate | None] = relationship()
    payment_order: Mapped[PaymentOrder | None] = relationship()
    service_records: Mapped[list[ServiceRecord]] = relationship(
        back_populates="document", foreign_keys="ServiceRecord.document_id",
        order_by="ServiceRecord.id")


class ServiceRecord(Base):
    """The 送达 of an instrument: to whom, where, how, when, who signed or why nobody did; the
    送达回证 generated from it is ``receipt``."""

    __tablename__ = "service_record"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("issued_document.id"), index=True)
    recipient: Mapped[str] = mapped_column(String(100))
    place: Mapped[str] = mapped_column(String(200))
    method: Mapped[ServiceMethod] = mapped_column(enum_type(ServiceMethod, 24))
    served_on: Mapped[date]
    served_time: Mapped[time | None]
    signer_name: Mapped[str | None] = mapped_column(String(50))
    signer_capacity: Mapped[str | None] = mapped_column(String(50))
    refusal_note: Mapped[str | None] = mapped_column(Text)
    evidence: Mapped[str | None] = mapped_column(Text)
    servers: Mapped[str] = mapped_column(String(100))
    receipt_id: Mapped[int | None] = mapped_column(ForeignKey("issued_document.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    document: Mapped[IssuedDocument] = relationship(back_populates="service_records",
                                                    foreign_keys=[document_id])
    receipt: Mapped[IssuedDocument | None] = relationship(foreign_keys=[receipt_id])
