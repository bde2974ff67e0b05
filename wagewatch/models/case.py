"""Complaints and the cases they open: parties, facts, status, deadlines and the timeline."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wagewatch.models.base import Base, BigIntPK, enum_type, optimistic_lock, utcnow
from wagewatch.models.contractor import Contractor
from wagewatch.models.office import Office, Township
from wagewatch.models.project import Project, Sector
from wagewatch.models.user import User
from wagewatch.rules import case_flow
from wagewatch.rules.case_flow import status_label
from wagewatch.rules.sources import citation

if TYPE_CHECKING:  # they import this module
    from wagewatch.models.payment import PaymentOrder, Recovery
    from wagewatch.models.worker import CaseWorker


class Channel(enum.StrEnum):
    WINDOW = "window"
    HOTLINE = "hotline"
    NATIONAL_PLATFORM = "national_platform"
    PETITION = "petition"
    TRANSFERRED = "transferred"
    INSPECTION = "inspection"

    @property
    def label(self) -> str:
        return {
            "window": "窗口来访", "hotline": "12333热线", "national_platform": "全国根治欠薪线索反映平台",
            "petition": "信访", "transferred": "其他部门转办", "inspection": "检查发现",
        }[self.value]


class CaseStatus(enum.StrEnum):
    REGISTERED = "registered"
    NOT_ACCEPTED = "not_accepted"
    INVESTIGATING = "investigating"
    PAYMENT_ORDERED = "payment_ordered"
    RESOLVED = "resolved"
    WITHDRAWN = "withdrawn"
    REFERRED = "referred"

    @property
    def label(self) -> str:
        return status_label(self.value)

    @property
    def is_open(self) -> bool:
        return self in OPEN_STATUSES


OPEN_STATUSES = frozenset(CaseStatus(status) for status in case_flow.OPEN_STATUSES)
#: Accepted and still under investigation, in the workflow's order (rules.case_flow.STATUSES).
INVESTIGATION_STATUSES = tuple(CaseStatus(status) for status in case_flow.STATUSES
                               if status in case_flow.INVESTIGATION_STATUSES)


class NotAcceptedReason(enum.StrEnum):
    """Why a complaint is not accepted (S-25; S-423 art. 20)."""

    TIME_BARRED = "time_barred"
    NO_EMPLOYER = "no_employer"
    OUTSIDE_JURISDICTION = "outside_jurisdiction"

    @property
    def label(self) -> str:
        return {
            "time_barred": "违法行为终止已超过2年",
            "no_employer": "无明确的用人单位，需补充材料",
            "outside_jurisdiction": "不属于本机构管辖",
        }[self.value]


class ReferralTarget(enum.StrEnum):
    POLICE = "police"
    OTHER_DEPARTMENT = "other_department"

    @property
    def label(self) -> str:
        return "公安机关" if self is ReferralTarget.POLICE else "其他部门"


class Liability(enum.StrEnum):
    """Why a party other than the employer is liable (S-724 arts. 19, 29, 30, 36)."""

    GENERAL_CONTRACTOR_FIRST = "general_contractor_first"
    OWNER_ADVANCE = "owner_advance"
    ENGAGING_PARTY = "engaging_party"
    NAME_LENDER = "name_lender"

    @property
    def label(self) -> str:
        label, article = {
            "general_contractor_first": ("施工总承包单位先行清偿", 30),
            "owner_advance": ("建设单位垫付", 29),
            "engaging_party": ("违法发包、分包给个人或无资质单位的发包方清偿", 36),
            "name_lender": ("出借资质的单位清偿", 19),
        }[self.value]
        return f"{label}（{citation('S-724', article)}）"


class Case(Base):
    """One complaint and the case it opens, with its parties, facts and deadlines."""

    __tablename__ = "case"
    __table_args__ = (
        UniqueConstraint("office_id", "number_year", "number_seq", name="uq_case_office_year_seq"),
        # Numbers are unique per office: two offices may share a format such as 劳监〔2026〕1号.
        UniqueConstraint("office_id", "number", name="uq_case_office_id_number"),
        Index("ix_case_office_township_status", "office_id", "township_id", "status",
              "received_on"),
        Index("ix_case_office_status_received", "office_id", "status", "received_on"),
        Index("ix_case_office_next_due", "office_id", "next_due_on"),
        # The case list's default order (received date, then id): its first page read off the index.
        Index("ix_case_office_received_id", "office_id", "received_on", "id"),
        # The monthly report counts cases accepted and closed in a period.
        Index("ix_case_office_accepted", "office_id", "accepted_on"),
        Index("ix_case_office_closed", "office_id", "closed_on"),
        # Open cases past their deadline (the report's data quality and the dashboard).
        Index("ix_case_office_status_due", "office_id", "status", "next_due_on"),
        # A clerk's own open cases by deadline (the dashboard's counts and lists, "mine" queue).
        Index("ix_case_office_handler_status_due", "office_id", "handler_id", "status",
              "next_due_on"),
        # The search by a sequence number alone (1175), whatever the year.
        Index("ix_case_office_seq", "office_id", "number_seq"),
        # The clerk's queue: open investigations near their limit (S-423 art. 17).
        Index("ix_case_office_status_investigation_due", "office_id", "status",
              "investigation_due_on"),
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"))
    number: Mapped[str] = mapped_column(String(40))
    number_year: Mapped[int]
    number_seq: Mapped[int]
    received_on: Mapped[date]
    channel: Mapped[Channel] = mapped_column(enum_type(Channel, 24))
    township_id: Mapped[int] = mapped_column(ForeignKey("township.id"), index=True)
    project_id: Mapped[int | None] = mapped_column(ForeignKey("project.id"), index=True)
    employer_id: Mapped[int] = mapped_column(ForeignKey("contractor.id"), index=True)
    sector: Mapped[Sector] = mapped_column(enum_type(Sector, 24))
    summary: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[CaseStatus] = mapped_column(enum_type(CaseStatus, 24),
                                               default=CaseStatus.REGISTERED)
    violation_ended_on: Mapped[date | None]
    # Acceptance (S-25: decide within 5 working days; accepted means filed the same day).
    acceptance_due_on: Mapped[date]
    accepted_on: Mapped[date | None]
    not_accepted_reason: Mapped[NotAcceptedReason | None] = mapped_column(
        enum_type(NotAcceptedReason, 24))
    not_accepted_note: Mapped[str | None] = mapped_column(Text)
    not_accepted_notice_on: Mapped[date | None]
    # Investigation (S-423 art. 17: 60 working days, one extension of 30 with approval).
    investigation_due_on: Mapped[date | None]
    extension_approver: Mapped[str | None] = mapped_column(String(64))
    extension_approved_on: Mapped[date | None]
    extension_reason: Mapped[str | None] = mapped_column(Text)
    # The earliest pending deadline, kept up to date for lists and dashboards.
    next_due_on: Mapped[date | None]
    next_due_kind: Mapped[str | None] = mapped_column(String(32))
    due_provisional: Mapped[bool] = mapped_column(default=False)
    # Closing.
    closed_on: Mapped[date | None]
    closing_note: Mapped[str | None] = mapped_column(Text)
    referral_target: Mapped[ReferralTarget | None] = mapped_column(enum_type(ReferralTarget, 24))
    referral_department: Mapped[str | None] = mapped_column(String(100))
    # Facts the rules need (S-JI arts. 2-4; S-45 art. 5; S-100).
    group_incident: Mapped[bool] = mapped_column(default=False)
    extreme_incident: Mapped[bool] = mapped_column(default=False)
    employer_absconded: Mapped[bool] = mapped_column(default=False)
    property_transferred: Mapped[bool] = mapped_column(default=False)
    records_destroyed: Mapped[bool] = mapped_column(default=False)
    no_show_after_notice: Mapped[bool] = mapped_column(default=False)
    ability_to_pay: Mapped[bool] = mapped_column(default=False)
    facts_note: Mapped[str | None] = mapped_column(Text)
    handler_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    submission_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    version: Mapped[int] = mapped_column(default=1)

    office: Mapped[Office] = relationship()
    township: Mapped[Township] = relationship()
    project: Mapped[Project | None] = relationship()
    employer: Mapped[Contractor] = relationship()
    handler: Mapped[User] = relationship()
    parties: Mapped[list[CaseParty]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseParty.id")
    workers: Mapped[list[CaseWorker]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseWorker.id")
    payment_orders: Mapped[list[PaymentOrder]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="PaymentOrder.id")
    recoveries: Mapped[list[Recovery]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="Recovery.id")
    events: Mapped[list[CaseEvent]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseEvent.id")

    __mapper_args__ = optimistic_lock(version)

    @property
    def extended(self) -> bool:
        return self.extension_approved_on is not None


class CaseParty(Base):
    """Another party liable for the wages besides the employer, and the article that makes it so."""

    __tablename__ = "case_party"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    contractor_id: Mapped[int] = mapped_column(ForeignKey("contractor.id"), index=True)
    liability: Mapped[Liability] = mapped_column(enum_type(Liability, 32))
    note: Mapped[str | None] = mapped_column(String(200))

    case: Mapped[Case] = relationship(back_populates="parties")
    contractor: Mapped[Contractor] = relationship()


class CaseEvent(Base):
    """One entry of a case's timeline: a transition, a document, a payment."""

    __tablename__ = "case_event"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    kind: Mapped[str] = mapped_column(String(40))
    from_status: Mapped[str | None] = mapped_column(String(24))
    to_status: Mapped[str | None] = mapped_column(String(24))
    note: Mapped[str | None] = mapped_column(Text)

    case: Mapped[Case] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()


class CaseNumberCounter(Base):
    """The last case number used per office and year; incremented in the case's own transaction."""

    __tablename__ = "case_number_counter"

    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last_seq: Mapped[int] = mapped_column(default=0)
