"""Background jobs (the full-registry export, the case import): who asked, progress, heartbeat,
file and result."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wagewatch.models.base import Base, enum_type, utcnow
from wagewatch.models.user import User


class ExportStatus(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    EXPIRED = "expired"

    @property
    def label(self) -> str:
        return {"queued": "排队中", "running": "正在生成", "done": "已生成",
                "failed": "生成失败", "expired": "已过期（文件已删除）"}[self.value]


class ExportJob(Base):
    """One requested export; the file lives in the instance's export folder under ``file_name``
    (a random name, never shown) until it expires."""

    __tablename__ = "export_job"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    kind: Mapped[str] = mapped_column(String(24))
    unmasked: Mapped[bool]
    #: What the full ID numbers are needed for, as typed by the user (only when unmasked).
    purpose: Mapped[str | None] = mapped_column(Text)
    status: Mapped[ExportStatus] = mapped_column(enum_type(ExportStatus), default=ExportStatus.QUEUED)
    rows_done: Mapped[int] = mapped_column(default=0)
    rows_total: Mapped[int | None]
    file_name: Mapped[str] = mapped_column(String(64), unique=True)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: Updated while the job runs (services/jobs.py); a stale one means its worker died.
    heartbeat_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    #: What the job produced, e.g. {"file_name": ..., "import_id": ...} for an import.
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    user: Mapped[User] = relationship()

    @property
    def percent(self) -> int:
        """How far along, 0-100 (100 only when the file is ready)."""
        if self.status is ExportStatus.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(99, self.rows_done * 100 // self.rows_total)
