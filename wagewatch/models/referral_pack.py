"""The police hand-over pack (移送材料包, S-310 art. 6): the files handed over, frozen as handed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wagewatch.models.attachment import Attachment
from wagewatch.models.base import Base, BigIntPK, utcnow
from wagewatch.models.instrument import IssuedDocument
from wagewatch.models.referral import PoliceReferral


class ReferralPack(Base):
    """The file of one referral as handed to the police: its items in order and the SHA-256 of
    its manifest. Written once in the hand-over's transaction and never changed afterwards."""

    __tablename__ = "referral_pack"

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("police_referral.id"), unique=True)
    sha256: Mapped[str] = mapped_column(String(64))
    item_count: Mapped[int]
    total_bytes: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))

    referral: Mapped[PoliceReferral] = relationship(back_populates="pack")
    items: Mapped[list[ReferralPackItem]] = relationship(
        back_populates="pack", cascade="all, delete-orphan", order_by="ReferralPackItem.position")

    @property
    def short_sha256(self) -> str:
        return self.sha256[:12]


class ReferralPackItem(Base):
    """One file of the pack: which checklist item it serves, its name in the pack, where its
    bytes are (a stored instrument or an evidence attachment), their SHA-256, size and pages."""

    __tablename__ = "referral_pack_item"
    __table_args__ = (UniqueConstraint("pack_id", "position",
                                       name="uq_referral_pack_item_pack_id_position"),)

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    pack_id: Mapped[int] = mapped_column(ForeignKey("referral_pack.id"), index=True)
    position: Mapped[int]
    #: The checklist item it serves (ReferralDocumentKind values) or "materials_list".
    item_kind: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(255))
    file_name: Mapped[str] = mapped_column(String(255))
    document_id: Mapped[int | None] = mapped_column(ForeignKey("issued_document.id"))
    attachment_id: Mapped[int | None] = mapped_column(ForeignKey("attachment.id"))
    sha256: Mapped[str] = mapped_column(String(64))
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    pages: Mapped[int | None]

    pack: Mapped[ReferralPack] = relationship(back_populates="items")
    document: Mapped[IssuedDocument | None] = relationship()
    attachment: Mapped[Attachment | None] = relationship()

    @property
    def short_sha256(self) -> str:
        return self.sha256[:12]
