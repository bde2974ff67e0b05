"""Offices (the jurisdiction a user works in) and their townships (镇/街道)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wagewatch.models.base import Base, utcnow


class Office(Base):
    """A labour-inspection office; every user, case and project belongs to one."""

    __tablename__ = "office"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    #: How case numbers are written; {year} and {seq} are filled in (seq zero-padded to 4).
    case_number_format: Mapped[str] = mapped_column(
        String(60), default="经开劳监〔{year}〕{seq:04d}号")
    #: How instrument numbers are written; {code} is the kind's code (限支 for a payment order),
    #: {year} and {seq} are filled in: 经开劳监限支〔2026〕088号.
    document_number_format: Mapped[str] = mapped_column(
        String(60), default="经开劳监{code}〔{year}〕{seq:03d}号")
    #: The province whose crime threshold applies (crime_threshold.region).
    region: Mapped[str] = mapped_column(String(32), default="jiangsu")
    #: The monthly report's cut-off day (1..28); None means calendar months (report_period).
    report_cutoff_day: Mapped[int | None]
    #: Every user of the office must sign in with a second factor (admins, police and leaders
    #: always must).
    require_second_factor: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    townships: Mapped[list[Township]] = relationship(
        back_populates="office", order_by="Township.sort_order, Township.id"
    )

    def __repr__(self) -> str:
        return f"<Office {self.code}>"


class Township(Base):
    """A sub-area (镇/街道) of an office's district; cases and projects name one."""

    __tablename__ = "township"
    __table_args__ = (UniqueConstraint("office_id", "name", name="uq_township_office_id_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    name: Mapped[str] = mapped_column(String(50))
    sort_order: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)

    office: Mapped[Office] = relationship(back_populates="townships")

    def __repr__(self) -> str:
        return f"<Township {self.name}>"
