"""The blacklist (S-45, S-17): proceedings, notices, objections, listing periods, persons, early removal."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wagewatch.models.base import Base, enum_type, optimistic_lock, utcnow
from wagewatch.models.case import Case
from wagewatch.models.contractor import Contractor, PersonPosition
from wagewatch.models.payment import PaymentOrder, ServiceMethod
from wagewatch.rules.sources import SOURCES


class RuleSet(enum.StrEnum):
    """Which regulation governs a listing: S-45 from 2022, S-17 for legacy listings 2018-2021."""

    S45 = "S-45"
    S17 = "S-17"

    @property
    def label(self) -> str:
        number = SOURCES[self.value].number
        return number if self is RuleSet.S45 else f"{number}（2018-2021年旧办法）"


class ProceedingStatus(enum.StrEnum):
    CANDIDATE = "candidate"
    NOTICE_SERVED = "notice_served"
    OBJECTION = "objection"
    LISTED = "listed"
    NOT_LISTED = "not_listed"
    REMOVED = "removed"
    REVOKED = "revoked"

    @property
    def label(self) -> str:
        return {
            "candidate": "候选，待告知", "notice_served": "已告知，陈述申辩期",
            "objection": "已提出异议", "listed": "已决定列入（名单期内）",
            "not_listed": "决定不予列入", "removed": "已移出", "revoked": "已撤销（未列入）",
        }[self.value]

    @property
    def before_decision(self) -> bool:
        return self in {ProceedingStatus.CANDIDATE, ProceedingStatus.NOTICE_SERVED,
                        ProceedingStatus.OBJECTION}


#: A contractor has at most one proceeding in these statuses at a time.
OPEN_PROCEEDING_STATUSES = frozenset({ProceedingStatus.CANDIDATE, ProceedingStatus.NOTICE_SERVED,
                                      ProceedingStatus.OBJECTION, ProceedingStatus.LISTED})


class RemovalReason(enum.StrEnum):
    EXPIRED = "expired"
    EARLY_REMOVAL = "early_removal"
    REVOKED = "revoked"

    @property
    def label(self) -> str:
        return {"expired": "期满移出", "early_removal": "提前移出",
                "revoked": "撤销列入（责令支付文书被撤销）"}[self.value]


class BlacklistProceeding(Base):
    """One employer's way towards (or out of) the list, from the flag to removal."""

    __tablename__ = "blacklist_proceeding"
    __table_args__ = (Index("ix_blacklist_proceeding_office_status", "office_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"))
    contractor_id: Mapped[int] = mapped_column(ForeignKey("contractor.id"), index=True)
    rule_set: Mapped[RuleSet] = mapped_column(enum_type(RuleSet, 8))
    status: Mapped[ProceedingStatus] = mapped_column(enum_type(ProceedingStatus, 24))
    opened_on: Mapped[date]
    # S-45: +20 working days for a complex case, with the approval recorded.
    complex_case: Mapped[bool] = mapped_column(default=False)
    complex_approver: Mapped[str | None] = mapped_column(String(64))
    complex_approved_on: Mapped[date | None]
    complex_reason: Mapped[str | None] = mapped_column(Text)
    # Correction and written credit commitment (not listing under S-45; removal under S-17).
    corrected_on: Mapped[date | None]
    commitment_on: Mapped[date | None]
    not_listed_on: Mapped[date | None]
    not_listed_reason: Mapped[str | None] = mapped_column(Text)
    handled_on: Mapped[date | None]  # S-17: the handling or penalty decision's date
    revoked_on: Mapped[date | None]
    revocation_reason: Mapped[str | None] = mapped_column(Text)
    closed_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    submission_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    version: Mapped[int] = mapped_column(default=1)

    contractor: Mapped[Contractor] = relationship()
    cases: Mapped[list[ProceedingCase]] = relationship(
        back_populates="proceeding", cascade="all, delete-orphan", order_by="ProceedingCase.id")
    notice: Mapped[ListingNotice | None] = relationship(
        back_populates="proceeding", cascade="all, delete-orphan")
    objections: Mapped[list[Objection]] = relationship(
        back_populates="proceeding", cascade="all, delete-orphan", order_by="Objection.id")
    listings: Mapped[list[Listing]] = relationship(
        back_populates="proceeding", cascade="all, delete-orphan", order_by="Listing.id")

    __mapper_args__ = optimistic_lock(version)

    @property
    def current_listing(self) -> Listing | None:
        return self.listings[-1] if self.listings else None

    @property
    def unanswered_objections(self) -> list[Objection]:
        return [o for o in self.objections if o.answered_on is None]


class ProceedingCase(Base):
    """A case (and its payment order) that grounds a proceeding."""

    __tablename__ = "blacklist_proceeding_case"
    __table_args__ = (UniqueConstraint("proceeding_id", "case_id",
                                       name="uq_blacklist_proceeding_case_proceeding_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proceeding_id: Mapped[int] = mapped_column(ForeignKey("blacklist_proceeding.id"))
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    payment_order_id: Mapped[int | None] = mapped_column(ForeignKey("payment_order.id"), index=True)
    case_number: Mapped[str] = mapped_column(String(40))
    order_revoked_on: Mapped[date | None]

    proceeding: Mapped[BlacklistProceeding] = relationship(back_populates="cases")
    case: Mapped[Case] = relationship()
    payment_order: Mapped[PaymentOrder | None] = relationship()


class ListingNotice(Base):
    """The notice (告知书) before a listing decision: grounds, basis, the right to object, and its
    service; issued before it is served, the service date and method stay empty until recorded
    (the objection window runs from service, S-45 art. 6)."""

    __tablename__ = "listing_notice"

    id: Mapped[int] = mapped_column(primary_key=True)
    proceeding_id: Mapped[int] = mapped_column(ForeignKey("blacklist_proceeding.id"), unique=True)
    document_number: Mapped[str] = mapped_column(String(60))
    grounds: Mapped[str] = mapped_column(Text)
    basis: Mapped[str] = mapped_column(Text)
    served_on: Mapped[date | None]
    service_method: Mapped[ServiceMethod | None] = mapped_column(enum_type(ServiceMethod, 24))
    service_evidence: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    proceeding: Mapped[BlacklistProceeding] = relationship(back_populates="notice")


class Objection(Base):
    """A statement or objection (陈述申辩/异议) by the employer and the office's answer."""

    __tablename__ = "listing_objection"

    id: Mapped[int] = mapped_column(primary_key=True)
    proceeding_id: Mapped[int] = mapped_column(ForeignKey("blacklist_proceeding.id"), index=True)
    received_on: Mapped[date]
    content: Mapped[str] = mapped_column(Text)
    answered_on: Mapped[date | None]
    answer: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    proceeding: Mapped[BlacklistProceeding] = relationship(back_populates="objections")


class Listing(Base):
    """One listing period with its decision (列入决定书); removal ends it, history keeps it.

    Listed on day D means ``starts_on <= D <= ends_on`` and not removed on or before D.
    """

    __tablename__ = "listing"
    __table_args__ = (
        Index("ix_listing_contractor_period", "contractor_id", "starts_on", "ends_on"),
        Index("ix_listing_office_period", "office_id", "starts_on", "ends_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"))
    contractor_id: Mapped[int] = mapped_column(ForeignKey("contractor.id"))
    proceeding_id: Mapped[int] = mapped_column(ForeignKey("blacklist_proceeding.id"), index=True)
    rule_set: Mapped[RuleSet] = mapped_column(enum_type(RuleSet, 8))
    document_number: Mapped[str] = mapped_column(String(60))
    authority: Mapped[str] = mapped_column(String(100))
    decided_on: Mapped[date]
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    original_ends_on: Mapped[date | None]  # S-17: the end before the automatic extension
    extended_on: Mapped[date | None]
    main_facts: Mapped[str] = mapped_column(Text)
    grounds: Mapped[str] = mapped_column(Text)
    basis: Mapped[str] = mapped_column(Text)
    punishment_measures: Mapped[str] = mapped_column(Text)
    early_removal_terms: Mapped[str] = mapped_column(Text)
    remedies: Mapped[str] = mapped_column(Text)
    served_on: Mapped[date | None]
    service_method: Mapped[ServiceMethod | None] = mapped_column(enum_type(ServiceMethod, 24))
    service_evidence: Mapped[str | None] = mapped_column(Text)
    removed_on: Mapped[date | None]
    removal_reason: Mapped[RemovalReason | None] = mapped_column(enum_type(RemovalReason, 24))
    removal_note: Mapped[str | None] = mapped_column(Text)
    publication_stopped_on: Mapped[date | None]
    previous_listing_id: Mapped[int | None] = mapped_column(ForeignKey("listing.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    proceeding: Mapped[BlacklistProceeding] = relationship(back_populates="listings")
    contractor: Mapped[Contractor] = relationship()
    persons: Mapped[list[ListedPerson]] = relationship(
        back_populates="listing", cascade="all, delete-orphan", order_by="ListedPerson.id")
    applications: Mapped[list[EarlyRemovalApplication]] = relationship(
        back_populates="listing", cascade="all, delete-orphan",
        order_by="EarlyRemovalApplication.id")

    def is_listed_on(self, day: date) -> bool:
        return (self.starts_on <= day <= self.ends_on
                and (self.removed_on is None or day < self.removed_on))

    @property
    def pending_application(self) -> EarlyRemovalApplication | None:
        return next((a for a in self.applications if a.decided_on is None), None)


class ListedPerson(Base):
    """A person listed with the employer (S-45 art. 6), as recorded on the decision day."""

    __tablename__ = "listed_person"

    id: Mapped[int] = mapped_column(primary_key=True)
    listing_id: Mapped[int] = mapped_column(ForeignKey("listing.id"), index=True)
    name: Mapped[str] = mapped_column(String(64))
    position: Mapped[PersonPosition] = mapped_column(enum_type(PersonPosition, 24))
    id_number: Mapped[str | None] = mapped_column(String(18))
    removed_on: Mapped[date | None]

    listing: Mapped[Listing] = relationship(back_populates="persons")


class EarlyRemovalApplication(Base):
    """An application for early removal (S-45), its decision and any revocation for fraud."""

    __tablename__ = "early_removal_application"

    id: Mapped[int] = mapped_column(primary_key=True)
    listing_id: Mapped[int] = mapped_column(ForeignKey("listing.id"), index=True)
    applied_on: Mapped[date]
    corrected_on: Mapped[date | None]
    written_commitment: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str | None] = mapped_column(Text)
    decided_on: Mapped[date | None]
    approved: Mapped[bool | None]
    new_arrears: Mapped[bool | None]
    criminal_proceedings: Mapped[bool | None]
    decision_reasons: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    decision_note: Mapped[str | None] = mapped_column(Text)
    fraud_revoked_on: Mapped[date | None]
    fraud_note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    listing: Mapped[Listing] = relationship(back_populates="applications")
