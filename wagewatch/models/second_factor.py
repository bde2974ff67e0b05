"""A user's second factor (TOTP) and one-time recovery codes (security.md item 23)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from wagewatch.models.base import Base, utcnow


class SecondFactor(Base):
    """A TOTP secret: pending until the first code confirms it, then never shown again."""

    __tablename__ = "second_factor"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), unique=True)
    #: Base32 RFC 6238 secret (160 bits); shown only while the enrolment is pending.
    secret: Mapped[str] = mapped_column(String(64))
    enrolled_at: Mapped[datetime | None]
    #: The last accepted 30-second time step: a code is accepted only for a later step.
    last_used_step: Mapped[int | None]
    #: Wrong codes since the last accepted one (counted before each check).
    failed_count: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class RecoveryCode(Base):
    """One single-use recovery code, stored only as its salted scrypt hash (services.second_factor)."""

    __tablename__ = "recovery_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
