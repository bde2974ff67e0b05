"""Issued monthly supervision reports: the frozen figures and the exact workbook, per version."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wagewatch.models.base import Base, utcnow
from wagewatch.models.office import Office
from wagewatch.models.user import User


class MonthlyReport(Base):
    """One issued version of an office's report for a month; later versions never replace it.

    ``figures`` is what the collector returned when it was issued (Decimals as strings) and
    ``workbook`` the bytes rendered from them; ``sha256`` is the hex digest of those bytes.
    """

    __tablename__ = "monthly_report"
    __table_args__ = (UniqueConstraint("office_id", "period", "version",
                                       name="uq_monthly_report_office_id_period_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    period: Mapped[str] = mapped_column(String(7))  # "YYYY-MM"
    version: Mapped[int]
    first_day: Mapped[date]
    last_day: Mapped[date]
    cutoff_day: Mapped[int | None]
    figures: Mapped[dict[str, Any]] = mapped_column(JSON)
    workbook: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64))
    issued_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    reissue_reason: Mapped[str | None] = mapped_column(Text)

    office: Mapped[Office] = relationship()
    issued_by: Mapped[User] = relationship()

    @property
    def file_name(self) -> str:
        return f"月度监察报告-{self.period}-v{self.version}.xlsx"
