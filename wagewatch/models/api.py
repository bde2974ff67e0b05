"""Clients of the read-only JSON API: hashed tokens with scopes, and their rate windows."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from wagewatch.models.base import Base, utcnow


class ApiClient(Base):
    """Another government system (police case system, credit platform) holding an API token."""

    __tablename__ = "api_client"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    token_hint: Mapped[str] = mapped_column(String(8))  # the first characters, to recognise it
    scopes: Mapped[list[str]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    revoked_at: Mapped[datetime | None]
    last_used_at: Mapped[datetime | None]


class ApiRateWindow(Base):
    """Calls of one client in one minute, counted in the database so every worker shares it."""

    __tablename__ = "api_rate_window"

    client_id: Mapped[int] = mapped_column(ForeignKey("api_client.id"), primary_key=True)
    window_start: Mapped[datetime] = mapped_column(primary_key=True)
    calls: Mapped[int] = mapped_column(default=0)
