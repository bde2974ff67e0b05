"""Evidence attachments (证据材料): files kept byte for byte, content-addressed, never changed."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wagewatch.models.base import Base, BigIntPK, enum_type, utcnow
from wagewatch.models.case import Case
from wagewatch.models.user import User


class AttachmentKind(enum.StrEnum):
    """What a piece of evidence is; the one list of kinds and their Chinese labels."""

    IDENTITY = "identity"
    LABOUR_CONTRACT = "labour_contract"
    ATTENDANCE = "attendance"
    PAYROLL = "payroll"
    INTERVIEW_RECORD = "interview_record"
    SERVICE_PROOF = "service_proof"
    PAYMENT_VOUCHER = "payment_voucher"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "identity": "身份证明", "labour_contract": "劳动合同", "attendance": "考勤",
            "payroll": "工资表/欠条", "interview_record": "询问笔录扫描件",
            "service_proof": "送达照片/视频", "payment_voucher": "支付凭证", "other": "其他",
        }[self.value]


class ContentType(enum.StrEnum):
    """A file type the app accepts, decided from the bytes (never from the name)."""

    JPEG = "jpeg"
    PNG = "png"
    PDF = "pdf"
    DOCX = "docx"
    XLSX = "xlsx"
    MP4 = "mp4"

    @property
    def mimetype(self) -> str:
        return {
            "jpeg": "image/jpeg", "png": "image/png", "pdf": "application/pdf",
            "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "mp4": "video/mp4",
        }[self.value]

    @property
    def extensions(self) -> tuple[str, ...]:
        return {"jpeg": (".jpg", ".jpeg"), "png": (".png",), "pdf": (".pdf",),
                "docx": (".docx",), "xlsx": (".xlsx",), "mp4": (".mp4",)}[self.value]

    @property
    def label(self) -> str:
        return {"jpeg": "JPEG图片", "png": "PNG图片", "pdf": "PDF文档", "docx": "Word文档",
                "xlsx": "Excel工作簿", "mp4": "MP4视频"}[self.value]

    @property
    def is_image(self) -> bool:
        return self in {ContentType.JPEG, ContentType.PNG}

    @property
    def is_video(self) -> bool:
        return self is ContentType.MP4


class Attachment(Base):
    """One uploaded file: its owner (a case, or a blacklist proceeding), what it proves and for
    which record, and the facts that make it evidence (SHA-256, size, type, who, when).

    The bytes live in the attachment folder under their SHA-256; a withdrawn attachment keeps
    its row and its file (the audit trail shows it as withdrawn)."""

    __tablename__ = "attachment"
    __table_args__ = (
        CheckConstraint("case_id IS NOT NULL OR proceeding_id IS NOT NULL", name="has_owner"),
        Index("ix_attachment_office_case", "office_id", "case_id"),
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("case.id"))
    proceeding_id: Mapped[int | None] = mapped_column(ForeignKey("blacklist_proceeding.id"),
                                                      index=True)
    # The record within the case (or proceeding) the file belongs to, when there is one.
    case_worker_id: Mapped[int | None] = mapped_column(ForeignKey("case_worker.id"), index=True)
    payment_order_id: Mapped[int | None] = mapped_column(ForeignKey("payment_order.id"), index=True)
    recovery_id: Mapped[int | None] = mapped_column(ForeignKey("recovery.id"), index=True)
    referral_document_id: Mapped[int | None] = mapped_column(ForeignKey("referral_document.id"),
                                                             index=True)
    listing_notice_id: Mapped[int | None] = mapped_column(ForeignKey("listing_notice.id"),
                                                          index=True)
    listing_id: Mapped[int | None] = mapped_column(ForeignKey("listing.id"), index=True)
    kind: Mapped[AttachmentKind] = mapped_column(enum_type(AttachmentKind, 24))
    content_type: Mapped[ContentType] = mapped_column(enum_type(ContentType, 8))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    page_count: Mapped[int | None]
    width: Mapped[int | None]
    height: Mapped[int | None]
    original_name: Mapped[str] = mapped_column(String(255))
    note: Mapped[str | None] = mapped_column(String(500))
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    withdrawn_at: Mapped[datetime | None]
    withdrawn_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    withdrawal_reason: Mapped[str | None] = mapped_column(Text)

    case: Mapped[Case | None] = relationship()
    uploaded_by: Mapped[User] = relationship(foreign_keys=[uploaded_by_id])
    withdrawn_by: Mapped[User | None] = relationship(foreign_keys=[withdrawn_by_id])

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def short_sha256(self) -> str:
        return self.sha256[:12]
