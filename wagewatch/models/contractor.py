"""Contractors (companies and individuals such as team leaders) and the persons listed with them."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wagewatch.models.base import Base, enum_type, optimistic_lock, utcnow


class ContractorKind(enum.StrEnum):
    COMPANY = "company"
    INDIVIDUAL = "individual"

    @property
    def label(self) -> str:
        return {"company": "单位", "individual": "个人（包工头、班组长等）"}[self.value]


class PersonPosition(enum.StrEnum):
    """Positions of the persons listed with an employer (S-45 art. 6)."""

    LEGAL_REPRESENTATIVE = "legal_representative"
    PRINCIPAL = "principal"
    RESPONSIBLE_MANAGER = "responsible_manager"
    OTHER_RESPONSIBLE = "other_responsible"

    @property
    def label(self) -> str:
        return {
            "legal_representative": "法定代表人",
            "principal": "主要负责人",
            "responsible_manager": "直接负责的主管人员",
            "other_responsible": "其他直接责任人员",
        }[self.value]


class Contractor(Base):
    """A party that can owe wages or be liable for them: a company or an individual."""

    __tablename__ = "contractor"
    __table_args__ = (
        UniqueConstraint("office_id", "uscc", name="uq_contractor_office_id_uscc"),
        Index("ix_contractor_office_normalised_name", "office_id", "normalised_name"),
        # The contractor list's default order (name, then id): its first page read off the index.
        Index("ix_contractor_office_name_id", "office_id", "name", "id"),
        Index("ix_contractor_office_phone", "office_id", "phone"),  # the search by phone number
        Index("ix_contractor_office_id_number", "office_id", "id_number"),  # by an individual's ID
        # The search by a USCC's first characters: LIKE 'prefix%' on PostgreSQL under any collation.
        Index("ix_contractor_office_uscc_prefix", "office_id", "uscc",
              postgresql_ops={"uscc": "text_pattern_ops"}),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    kind: Mapped[ContractorKind] = mapped_column(enum_type(ContractorKind, 16))
    name: Mapped[str] = mapped_column(String(200))
    short_name: Mapped[str | None] = mapped_column(String(100))
    normalised_name: Mapped[str] = mapped_column(String(200))
    uscc: Mapped[str | None] = mapped_column(String(18))
    uscc_warning: Mapped[str | None] = mapped_column(String(200))
    id_number: Mapped[str | None] = mapped_column(String(18))
    id_number_warning: Mapped[str | None] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(String(300))
    phone: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    #: The token of the form that created it, so a re-sent form creates one record.
    submission_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    version: Mapped[int] = mapped_column(default=1)

    persons: Mapped[list[ContractorPerson]] = relationship(
        back_populates="contractor", cascade="all, delete-orphan",
        order_by="ContractorPerson.id")

    __mapper_args__ = optimistic_lock(version)

    @property
    def legal_representative(self) -> ContractorPerson | None:
        return next((p for p in self.persons
                     if p.position is PersonPosition.LEGAL_REPRESENTATIVE), None)

    def __repr__(self) -> str:
        return f"<Contractor {self.name}>"


class ContractorPerson(Base):
    """A legal representative, principal or responsible person of a contractor, with ID number."""

    __tablename__ = "contractor_person"

    id: Mapped[int] = mapped_column(primary_key=True)
    contractor_id: Mapped[int] = mapped_column(ForeignKey("contractor.id"), index=True)
    name: Mapped[str] = mapped_column(String(64))
    id_number: Mapped[str | None] = mapped_column(String(18))
    id_number_warning: Mapped[str | None] = mapped_column(String(200))
    position: Mapped[PersonPosition] = mapped_column(enum_type(PersonPosition, 24))
    title: Mapped[str | None] = mapped_column(String(64))  # the job title as the firm calls it

    contractor: Mapped[Contractor] = relationship(back_populates="persons")
