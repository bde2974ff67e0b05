"""Workers owed wages: one person per ID number, and their claims in each case."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wagewatch.models.base import Base, BigIntPK, utcnow
from wagewatch.models.case import Case


class Worker(Base):
    """A migrant worker; the same ID number is the same person across the office's cases."""

    __tablename__ = "worker"
    __table_args__ = (
        UniqueConstraint("office_id", "id_number", name="uq_worker_office_id_number"),
        Index("ix_worker_office_name", "office_id", "name"),  # the case search by worker name
        Index("ix_worker_office_phone", "office_id", "phone"),  # the search by phone number
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    name: Mapped[str] = mapped_column(String(64))
    id_number: Mapped[str] = mapped_column(String(18))
    id_number_warning: Mapped[str | None] = mapped_column(String(200))
    hometown: Mapped[str | None] = mapped_column(String(100))
    phone: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CaseWorker(Base):
    """One worker's claim in one case: period, months owed, amounts claimed and confirmed."""

    __tablename__ = "case_worker"
    __table_args__ = (UniqueConstraint("case_id", "worker_id", name="uq_case_worker_case_id_worker_id"),)

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    worker_id: Mapped[int] = mapped_column(ForeignKey("worker.id"), index=True)
    work_from: Mapped[date | None]
    work_to: Mapped[date | None]
    months_owed: Mapped[Decimal] = mapped_column(Numeric(5, 1))
    claimed_yuan: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    confirmed_yuan: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    representative: Mapped[bool] = mapped_column(default=False)

    case: Mapped[Case] = relationship(back_populates="workers")
    worker: Mapped[Worker] = relationship()

    @property
    def owed_yuan(self) -> Decimal:
        """What the worker is owed: the confirmed amount once confirmed, else the claim."""
        return self.confirmed_yuan if self.confirmed_yuan is not None else self.claimed_yuan
