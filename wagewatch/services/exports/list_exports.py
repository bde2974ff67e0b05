"""Exports downloaded straight away: the case list with its filters and the police list, each
audited with its filter and row counts in one commit (security.md item 15)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Select

from wagewatch.extensions import db
from wagewatch.models import User
from wagewatch.reports.exports import case_list_workbook, police_workbook
from wagewatch.services import audit


def export_case_list(query: Select, filter_text: str, actor: User, on: date) -> bytes:
    """The listed cases as a workbook, audited with the filter and the row count."""
    office_name = actor.office.name
    data, count = case_list_workbook(query, filter_text, office_name, on)
    audit.record("export.cases", object_type="case", actor=actor,
                 detail=f"导出案件清单：筛选 {filter_text or '无'}，共{count}行")
    db.session.commit()
    return data


def export_police_list(office_id: int, actor: User, on: date) -> bytes:
    """The police list (blacklist on ``on``, rule candidates, referred cases) as a workbook,
    audited with the rows of each sheet."""
    data, counts = police_workbook(office_id, on)
    rows = "，".join(f"{sheet}{count}行" for sheet, count in counts.items())
    audit.record("export.police_list", object_type="contractor", actor=actor,
                 detail=f"导出公安名单：截至{on.isoformat()}，{rows}")
    db.session.commit()
    return data
