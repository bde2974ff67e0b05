"""Construction projects with their subcontracting chain and S-724 duties."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wagewatch.models.base import Base, enum_type, optimistic_lock, utcnow
from wagewatch.models.contractor import Contractor
from wagewatch.models.office import Township


class Sector(enum.StrEnum):
    CONSTRUCTION = "construction"
    NON_CONSTRUCTION = "non_construction"

    @property
    def label(self) -> str:
        return "工程建设领域" if self is Sector.CONSTRUCTION else "非工程建设领域"


class FundingType(enum.StrEnum):
    GOVERNMENT = "government"
    SOE = "soe"
    PRIVATE = "private"

    @property
    def label(self) -> str:
        return {"government": "政府投资", "soe": "国企投资", "private": "社会投资"}[self.value]


class WageGuarantee(enum.StrEnum):
    NONE = "none"
    DEPOSIT = "deposit"
    BANK_GUARANTEE = "bank_guarantee"
    EXEMPT = "exempt"

    @property
    def label(self) -> str:
        return {"none": "未缴存", "deposit": "工资保证金", "bank_guarantee": "银行保函",
                "exempt": "依规减免"}[self.value]


class PaymentCycle(enum.StrEnum):
    """How often the owner pays the labour costs into the wage account (S-724 art. 24)."""

    WEEKLY = "weekly"
    HALF_MONTHLY = "half_monthly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    ON_MILESTONE = "on_milestone"

    @property
    def label(self) -> str:
        return {"weekly": "按周", "half_monthly": "按半月", "monthly": "按月",
                "quarterly": "按季度", "on_milestone": "按节点或竣工后"}[self.value]

    @property
    def within_one_month(self) -> bool:
        return self in {PaymentCycle.WEEKLY, PaymentCycle.HALF_MONTHLY, PaymentCycle.MONTHLY}


class ParticipantRole(enum.StrEnum):
    SUBCONTRACTOR = "subcontractor"
    LABOUR_SUBCONTRACTOR = "labour_subcontractor"
    TEAM_LEADER = "team_leader"

    @property
    def label(self) -> str:
        return {"subcontractor": "专业分包", "labour_subcontractor": "劳务分包",
                "team_leader": "包工头/班组长"}[self.value]


class Project(Base):
    """A project site: its parties, funding, the S-724 duties and the official assigned to it."""

    __tablename__ = "project"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    township_id: Mapped[int] = mapped_column(ForeignKey("township.id"), index=True)
    sector: Mapped[Sector] = mapped_column(enum_type(Sector, 24))
    funding_type: Mapped[FundingType] = mapped_column(enum_type(FundingType, 16))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("contractor.id"), index=True)
    general_contractor_id: Mapped[int | None] = mapped_column(ForeignKey("contractor.id"), index=True)
    contract_value_yuan: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    start_on: Mapped[date | None]
    end_on: Mapped[date | None]
    wage_account_bank: Mapped[str | None] = mapped_column(String(100))
    wage_account_number: Mapped[str | None] = mapped_column(String(40))
    wage_account_opened_on: Mapped[date | None]
    wage_guarantee: Mapped[WageGuarantee] = mapped_column(
        enum_type(WageGuarantee, 16), default=WageGuarantee.NONE)
    wage_guarantee_yuan: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    real_name_registration: Mapped[bool] = mapped_column(default=False)
    notice_board_checked_on: Mapped[date | None]
    labour_officer_name: Mapped[str | None] = mapped_column(String(64))
    labour_officer_phone: Mapped[str | None] = mapped_column(String(20))
    payment_cycle: Mapped[PaymentCycle | None] = mapped_column(enum_type(PaymentCycle, 16))
    site_liaison_name: Mapped[str | None] = mapped_column(String(64))
    site_liaison_position: Mapped[str | None] = mapped_column(String(100))
    site_liaison_phone: Mapped[str | None] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    #: The token of the form that created it, so a re-sent form creates one record.
    submission_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    version: Mapped[int] = mapped_column(default=1)

    township: Mapped[Township] = relationship()
    owner: Mapped[Contractor | None] = relationship(foreign_keys=[owner_id])
    general_contractor: Mapped[Contractor | None] = relationship(
        foreign_keys=[general_contractor_id])
    participants: Mapped[list[ProjectParticipant]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="ProjectParticipant.id")

    __mapper_args__ = optimistic_lock(version)


class ProjectParticipant(Base):
    """A lower tier of the chain: who it is, its role, and which party engaged it."""

    __tablename__ = "project_participant"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id"), index=True)
    contractor_id: Mapped[int] = mapped_column(ForeignKey("contractor.id"), index=True)
    role: Mapped[ParticipantRole] = mapped_column(enum_type(ParticipantRole, 24))
    engaged_by_id: Mapped[int] = mapped_column(ForeignKey("contractor.id"))
    scope: Mapped[str | None] = mapped_column(String(200))

    project: Mapped[Project] = relationship(back_populates="participants")
    contractor: Mapped[Contractor] = relationship(foreign_keys=[contractor_id])
    engaged_by: Mapped[Contractor] = relationship(foreign_keys=[engaged_by_id])
