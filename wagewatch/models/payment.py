"""Payment orders (责令限期支付) and recoveries (清欠) with their split over workers."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wagewatch.models.base import Base, BigIntPK, enum_type, utcnow
from wagewatch.models.case import Case
from wagewatch.models.contractor import Contractor
from wagewatch.models.worker import CaseWorker
from wagewatch.rules.arrears import PAYER_LABELS, extra_compensation_refusal, service_note


class ServiceMethod(enum.StrEnum):
    """How a document was delivered (S-JI art. 4; 民事诉讼法 on service, applied through
    行政处罚法 art. 61). The first three are 直接送达 to the person, an adult family member or
    the unit's receiving person."""

    IN_PERSON = "in_person"
    FAMILY_MEMBER = "family_member"
    RECEIVING_PERSON = "receiving_person"
    POSTED = "posted"
    LEFT = "left"
    ENTRUSTED = "entrusted"
    POSTAL = "postal"
    PUBLIC_NOTICE = "public_notice"
    ELECTRONIC = "electronic"

    @property
    def label(self) -> str:
        return {
            "in_person": "直接送达本人", "family_member": "交同住成年家属签收",
            "receiving_person": "交单位收件人签收", "posted": "在住所或经营场所张贴（拍照录像）",
            "left": "留置送达（拒收，拍照录像或见证人）", "entrusted": "委托送达",
            "postal": "邮寄送达", "public_notice": "公告送达", "electronic": "电子送达（经同意）",
        }[self.value]

    @property
    def receipt_label(self) -> str:
        """The method as a 送达回证 names it (直接/留置/委托/邮寄/公告/电子)."""
        return {
            "in_person": "直接送达", "family_member": "直接送达", "receiving_person": "直接送达",
            "posted": "留置送达", "left": "留置送达", "entrusted": "委托送达",
            "postal": "邮寄送达", "public_notice": "公告送达", "electronic": "电子送达",
        }[self.value]


class Payer(enum.StrEnum):
    """Who actually paid a recovery (S-724 arts. 29, 30, 36, 63)."""

    EMPLOYER = "employer"
    GENERAL_CONTRACTOR = "general_contractor"
    OWNER = "owner"
    EMERGENCY_FUND = "emergency_fund"

    @property
    def label(self) -> str:
        return PAYER_LABELS[self.value]


class PaymentOrder(Base):
    """An order to pay by a deadline, its service, and any extra compensation ordered later."""

    __tablename__ = "payment_order"
    # The monthly report counts orders and extra compensation by date.
    __table_args__ = (Index("ix_payment_order_issued_on", "issued_on"),
                      # The clerk's queue: orders whose pay-by date has passed, earliest first.
                      Index("ix_payment_order_pay_by_on_id", "pay_by_on", "id"),
                      Index("ix_payment_order_extra_compensation_ordered_on",
                            "extra_compensation_ordered_on"))

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    document_number: Mapped[str] = mapped_column(String(60))
    issued_on: Mapped[date]
    amount_yuan: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    pay_within_working_days: Mapped[int]
    #: Counted from the service date (the order's clock starts on 送达); None until served.
    pay_by_on: Mapped[date | None]
    pay_by_provisional: Mapped[bool] = mapped_column(default=False)
    #: The order's service (送达); None until served, and an unserved order cannot lapse.
    service_method: Mapped[ServiceMethod | None] = mapped_column(enum_type(ServiceMethod, 24))
    served_on: Mapped[date | None]
    service_evidence: Mapped[str | None] = mapped_column(Text)
    extra_compensation_rate: Mapped[Decimal | None] = mapped_column(Numeric(4, 2))
    extra_compensation_yuan: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    extra_compensation_ordered_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    case: Mapped[Case] = relationship(back_populates="payment_orders")
    items: Mapped[list[PaymentOrderItem]] = relationship(
        back_populates="order", cascade="all, delete-orphan")

    @property
    def service_note(self) -> str | None:
        """"未送达" or "served after the pay-by date": the order cannot lapse (S-JI art. 4)."""
        return service_note(self.served_on, self.pay_by_on)

    def extra_compensation_refused(self, on: date) -> str | None:
        """Why extra compensation cannot be ordered on ``on`` (S-423 art. 26); None when it can."""
        return extra_compensation_refusal(self.served_on, self.pay_by_on, on)


class PaymentOrderItem(Base):
    """The amount a payment order orders for one worker."""

    __tablename__ = "payment_order_item"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("payment_order.id"), index=True)
    case_worker_id: Mapped[int] = mapped_column(ForeignKey("case_worker.id"), index=True)
    amount_yuan: Mapped[Decimal] = mapped_column(Numeric(14, 2))

    order: Mapped[PaymentOrder] = relationship(back_populates="items")
    case_worker: Mapped[CaseWorker] = relationship()


class Recovery(Base):
    """Money actually paid to workers through the case, and who paid it."""

    __tablename__ = "recovery"
    __table_args__ = (Index("ix_recovery_paid_on", "paid_on"),)  # the monthly report's sums

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    paid_on: Mapped[date]
    amount_yuan: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    payer: Mapped[Payer] = mapped_column(enum_type(Payer, 24))
    payer_contractor_id: Mapped[int | None] = mapped_column(ForeignKey("contractor.id"))
    note: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    submission_token: Mapped[str | None] = mapped_column(String(64), unique=True)

    case: Mapped[Case] = relationship(back_populates="recoveries")
    payer_contractor: Mapped[Contractor | None] = relationship()
    allocations: Mapped[list[RecoveryAllocation]] = relationship(
        back_populates="recovery", cascade="all, delete-orphan")


class RecoveryAllocation(Base):
    """The part of a recovery paid to one worker."""

    __tablename__ = "recovery_allocation"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    recovery_id: Mapped[int] = mapped_column(ForeignKey("recovery.id"), index=True)
    case_worker_id: Mapped[int] = mapped_column(ForeignKey("case_worker.id"), index=True)
    amount_yuan: Mapped[Decimal] = mapped_column(Numeric(14, 2))

    recovery: Mapped[Recovery] = relationship(back_populates="allocations")
    case_worker: Mapped[CaseWorker] = relationship()
