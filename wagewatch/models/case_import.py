"""Imports of case lists from workbooks: who imported which file (by SHA-256), with what result."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wagewatch.models.base import Base, utcnow
from wagewatch.models.user import User


class CaseImport(Base):
    """One upload of a case workbook: imported whole, or refused with its errors.

    ``imported_sha256`` is set only when the file was imported, so the same file is imported at
    most once per office while refused attempts of it may repeat.
    """

    __tablename__ = "case_import"
    __table_args__ = (
        UniqueConstraint("office_id", "imported_sha256",
                         name="uq_case_import_office_id_imported_sha256"),
        Index("ix_case_import_office_sha256", "office_id", "sha256"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    file_name: Mapped[str] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(String(64))
    imported_sha256: Mapped[str | None] = mapped_column(String(64))
    imported: Mapped[bool] = mapped_column(default=False)
    case_count: Mapped[int] = mapped_column(default=0)
    worker_count: Mapped[int] = mapped_column(default=0)
    new_contractor_count: Mapped[int] = mapped_column(default=0)
    new_project_count: Mapped[int] = mapped_column(default=0)
    error_count: Mapped[int] = mapped_column(default=0)
    #: The errors shown and offered as a workbook: [{"sheet", "row", "column", "message"}].
    errors: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    #: The case ids created, in file order (for the result page's links).
    case_ids: Mapped[list[int] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship()
