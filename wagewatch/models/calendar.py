"""Administrator-maintained working-day overrides for years the calendar package does not know."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from wagewatch.models.base import Base, enum_type, utcnow


class DayKind(enum.StrEnum):
    """A statutory holiday (off) or a make-up working day (调休, on)."""

    HOLIDAY = "holiday"
    WORKDAY = "workday"

    @property
    def label(self) -> str:
        return "法定节假日（休息）" if self is DayKind.HOLIDAY else "调休上班日"


class CalendarOverride(Base):
    """One day whose working status the State Council announced and the package lacks."""

    __tablename__ = "calendar_override"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(unique=True)
    kind: Mapped[DayKind] = mapped_column(enum_type(DayKind, 16))
    note: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))


class CalendarYear(Base):
    """A year beyond the package whose official schedule an administrator entered and marked
    complete (or reopened); only a complete year makes its deadlines final."""

    __tablename__ = "calendar_year"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(unique=True)
    complete: Mapped[bool] = mapped_column(default=False)
    notice_reference: Mapped[str] = mapped_column(String(100), default="")
    completed_at: Mapped[datetime | None]
    completed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
