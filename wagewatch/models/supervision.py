"""Supervised listings (挂牌督办): a case named for supervision, with its progress reports."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wagewatch.models.base import Base, enum_type, optimistic_lock, utcnow
from wagewatch.models.case import Case
from wagewatch.models.user import User


class SupervisionStatus(enum.StrEnum):
    OPEN = "open"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return "督办中" if self is SupervisionStatus.OPEN else "已结束督办"


class SupervisedListing(Base):
    """A case under supervision: who supervises, who answers for it, and by when."""

    __tablename__ = "supervised_listing"
    __table_args__ = (Index("ix_supervised_listing_office_status", "office_id", "status",
                            "deadline_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"))
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    authority: Mapped[str] = mapped_column(String(100))
    official: Mapped[str] = mapped_column(String(64))
    grounds: Mapped[str] = mapped_column(Text)
    listed_on: Mapped[date]
    deadline_on: Mapped[date]
    status: Mapped[SupervisionStatus] = mapped_column(enum_type(SupervisionStatus, 16),
                                                      default=SupervisionStatus.OPEN)
    closed_on: Mapped[date | None]
    closing_note: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    case: Mapped[Case] = relationship()
    created_by: Mapped[User] = relationship()
    notes: Mapped[list[SupervisionNote]] = relationship(
        back_populates="listing", cascade="all, delete-orphan", order_by="SupervisionNote.id")

    __mapper_args__ = optimistic_lock(version)


class SupervisionNote(Base):
    """A progress report on a supervised case."""

    __tablename__ = "supervision_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    listing_id: Mapped[int] = mapped_column(ForeignKey("supervised_listing.id"), index=True)
    written_on: Mapped[date]
    text: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    listing: Mapped[SupervisedListing] = relationship(back_populates="notes")
    author: Mapped[User | None] = relationship()
