"""A user's daily digest of what is due: the in-app notification, and whether it was e-mailed."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from wagewatch.models.base import Base, utcnow


class ReminderDigest(Base):
    """One user's digest for one day (made once, however often the job runs that day)."""

    __tablename__ = "reminder_digest"
    __table_args__ = (UniqueConstraint("user_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    day: Mapped[date]
    #: The lines as shown: [{"text": ..., "link": "/cases/1", "level": "danger"}, ...].
    lines: Mapped[list] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    emailed_at: Mapped[datetime | None]
    read_at: Mapped[datetime | None]
