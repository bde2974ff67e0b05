"""Police referrals (移送公安机关, S-310, S-100): the steps, the file checklist and the timeline."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wagewatch.models.base import Base, BigIntPK, enum_type, optimistic_lock, utcnow
from wagewatch.models.case import Case
from wagewatch.models.contractor import Contractor
from wagewatch.models.office import Office
from wagewatch.models.user import User
from wagewatch.rules.referral_file import FILE_ITEM_LABELS

if TYPE_CHECKING:
    from wagewatch.models.referral_pack import ReferralPack


class ReferralStatus(enum.StrEnum):
    """Where a referral stands; the rules derive deadlines from the recorded moments."""

    REPORTED = "reported"
    NOT_APPROVED = "not_approved"
    APPROVED = "approved"
    HANDED_OVER = "handed_over"
    RECEIVED = "received"
    FILED = "filed"
    DECLINED = "declined"
    RECONSIDERATION = "reconsideration"
    UPHELD = "upheld"
    SUPERVISION = "supervision"
    COMPLETED = "completed"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return {
            "reported": "已报告待审批", "not_approved": "负责人不批准移送", "approved": "已批准待移送",
            "handed_over": "已移送待公安接收", "received": "公安已接收待决定", "filed": "公安已立案",
            "declined": "公安不予立案", "reconsideration": "已提请复议", "upheld": "复议维持不予立案",
            "supervision": "已建议检察院立案监督", "completed": "已立案，材料移交完毕",
            "closed": "已结束",
        }[self.value]



class PoliceDecision(enum.StrEnum):
    FILED = "filed"
    DECLINED = "declined"

    @property
    def label(self) -> str:
        return "立案" if self is PoliceDecision.FILED else "不予立案"


class ReviewResult(enum.StrEnum):
    """The answer to a reconsideration request or to procuratorate supervision."""

    FILED = "filed"
    UPHELD = "upheld"
    NOT_FILED = "not_filed"

    @property
    def label(self) -> str:
        return {"filed": "决定立案", "upheld": "维持不予立案", "not_filed": "未立案"}[self.value]


class ReferralDocumentKind(enum.StrEnum):
    """The items of the referral file (S-310 art. 6; S-100)."""

    REFERRAL_LETTER = "referral_letter"
    INVESTIGATION_REPORT = "investigation_report"
    ITEM_LIST = "item_list"
    INSPECTION_REPORTS = "inspection_reports"
    OTHER_EVIDENCE = "other_evidence"
    PAYMENT_ORDER = "payment_order"

    @property
    def label(self) -> str:
        return FILE_ITEM_LABELS[self.value]


class PoliceReferral(Base):
    """One case handed (or to be handed) to the police, from the case team's report to the
    police decision and what followed it."""

    __tablename__ = "police_referral"
    __table_args__ = (Index("ix_police_referral_office_status", "office_id", "status"),
                      # The monthly report counts hand-overs and police decisions by date.
                      Index("ix_police_referral_office_handed_over", "office_id", "handed_over_at"),
                      Index("ix_police_referral_office_decided", "office_id", "police_decided_at"),
                      # Steps past their limit (the dashboard) and the clerk's queue by limit.
                      Index("ix_police_referral_office_next_due", "office_id", "next_due_at"),
                      # Deleting a rule decision checks the referrals citing it through this.
                      Index("ix_police_referral_rule_decision", "rule_decision_id",
                            postgresql_where=text("rule_decision_id IS NOT NULL"),
                            sqlite_where=text("rule_decision_id IS NOT NULL")))

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"))
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    contractor_id: Mapped[int] = mapped_column(ForeignKey("contractor.id"), index=True)
    status: Mapped[ReferralStatus] = mapped_column(enum_type(ReferralStatus, 24),
                                                   default=ReferralStatus.REPORTED)
    # Why: the rules' flag current when the referral started, or the clerk's justification.
    rule_decision_id: Mapped[int | None] = mapped_column(ForeignKey("rule_decision.id"))
    justification: Mapped[str | None] = mapped_column(Text)
    # The case team's report (S-310 art. 5).
    reported_at: Mapped[datetime]
    reported_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    report: Mapped[str] = mapped_column(Text)
    # The head's decision within 3 days.
    approved: Mapped[bool | None]
    approved_at: Mapped[datetime | None]
    approver_name: Mapped[str | None] = mapped_column(String(64))
    approval_note: Mapped[str | None] = mapped_column(Text)
    # The hand-over within 24 hours, with the file.
    handed_over_at: Mapped[datetime | None]
    police_unit: Mapped[str | None] = mapped_column(String(100))
    letter_number: Mapped[str | None] = mapped_column(String(60))
    # The police: receipt, then 立案 or 不予立案 within 3 days (S-310 art. 8).
    police_received_at: Mapped[datetime | None]
    police_receiver: Mapped[str | None] = mapped_column(String(64))
    #: The SHA-256 of the hand-over pack the police acknowledged receiving.
    received_pack_sha256: Mapped[str | None] = mapped_column(String(64))
    police_decision: Mapped[PoliceDecision | None] = mapped_column(enum_type(PoliceDecision, 16))
    police_decided_at: Mapped[datetime | None]
    police_reasons: Mapped[str | None] = mapped_column(Text)
    police_case_number: Mapped[str | None] = mapped_column(String(60))
    # After 不予立案: reconsideration, then procuratorate supervision (S-310 art. 9).
    reconsideration_requested_at: Mapped[datetime | None]
    reconsideration_answered_at: Mapped[datetime | None]
    reconsideration_result: Mapped[ReviewResult | None] = mapped_column(enum_type(ReviewResult, 16))
    reconsideration_note: Mapped[str | None] = mapped_column(Text)
    supervision_requested_at: Mapped[datetime | None]
    procuratorate: Mapped[str | None] = mapped_column(String(100))
    supervision_answered_at: Mapped[datetime | None]
    supervision_result: Mapped[ReviewResult | None] = mapped_column(enum_type(ReviewResult, 16))
    supervision_note: Mapped[str | None] = mapped_column(Text)
    # After 立案: materials within 3 days (S-310 art. 12).
    materials_handed_over_at: Mapped[datetime | None]
    materials_note: Mapped[str | None] = mapped_column(Text)
    closed_at: Mapped[datetime | None]
    closing_note: Mapped[str | None] = mapped_column(Text)
    # The court's criminal judgement for the wage crime, once there is one (S-45 art. 13 bar).
    judgement_on: Mapped[date | None]
    judgement_court: Mapped[str | None] = mapped_column(String(100))
    judgement_number: Mapped[str | None] = mapped_column(String(60))
    # The current step's limit, kept for the overdue filter of lists and dashboards.
    next_step: Mapped[str | None] = mapped_column(String(32))
    next_due_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    submission_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    version: Mapped[int] = mapped_column(default=1)

    office: Mapped[Office] = relationship()
    case: Mapped[Case] = relationship()
    contractor: Mapped[Contractor] = relationship()
    reported_by: Mapped[User] = relationship()
    documents: Mapped[list[ReferralDocument]] = relationship(
        back_populates="referral", cascade="all, delete-orphan", order_by="ReferralDocument.id")
    events: Mapped[list[ReferralEvent]] = relationship(
        back_populates="referral", cascade="all, delete-orphan", order_by="ReferralEvent.id")
    #: The file as handed over, frozen (None before the hand-over).
    pack: Mapped[ReferralPack | None] = relationship(back_populates="referral")

    __mapper_args__ = optimistic_lock(version)

    @hybrid_property
    def handed_to_police(self) -> bool:
        """The one test of what the police may see (security.md item 27): a recorded hand-over.
        A status says nothing by itself: a referral approved and then closed was never handed
        over, and the police never see it."""
        return self.handed_over_at is not None

    @handed_to_police.inplace.expression
    @classmethod
    def _handed_to_police_expression(cls) -> ColumnElement[bool]:
        return cls.handed_over_at.is_not(None)


class ReferralDocument(Base):
    """One item of the referral file and the clerk's note (pages, or why the case has none); the
    files behind it are attachments linked to it (rules/referral_file.py)."""

    __tablename__ = "referral_document"
    __table_args__ = (
        UniqueConstraint("referral_id", "kind", name="uq_referral_document_referral_kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("police_referral.id"), index=True)
    kind: Mapped[ReferralDocumentKind] = mapped_column(enum_type(ReferralDocumentKind, 32))
    note: Mapped[str | None] = mapped_column(String(500))

    referral: Mapped[PoliceReferral] = relationship(back_populates="documents")


class ReferralEvent(Base):
    """One entry of a referral's timeline: a step, a checklist change, a police progress note."""

    __tablename__ = "referral_event"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("police_referral.id"), index=True)
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    kind: Mapped[str] = mapped_column(String(40))
    note: Mapped[str | None] = mapped_column(Text)

    referral: Mapped[PoliceReferral] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()
