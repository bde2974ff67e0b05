"""The auditor's export of the filtered audit log, itself audited (security.md item 15)."""

from __future__ import annotations

from sqlalchemy import Select

from wagewatch.extensions import db
from wagewatch.models import User
from wagewatch.reports.audit_log import audit_workbook
from wagewatch.services import audit


def export_audit_log(query: Select, filter_text: str, actor: User, on_text: str) -> bytes:
    """The entries of ``query`` as a workbook; the export is recorded with its filter and row
    count in the same commit (the new entry is not in the file: it is written after it)."""
    data, count = audit_workbook(query, filter_text, on_text)
    audit.record("export.audit", object_type="audit_event", actor=actor,
                 detail=f"导出审计日志：筛选 {filter_text or '无'}，共{count}行")
    db.session.commit()
    return data
