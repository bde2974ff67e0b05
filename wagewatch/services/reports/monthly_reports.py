"""Monthly report use cases: preview a month, issue (or re-issue with a reason) a frozen
version, and download an issued version exactly as it was issued; all audited."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from wagewatch.extensions import db
from wagewatch.models import MonthlyReport, Office, User
from wagewatch.reports.monthly import collect
from wagewatch.reports.monthly_workbook import render
from wagewatch.rules.report_period import PeriodError, ReportPeriod, is_complete, report_period
from wagewatch.services import ServiceError, audit
from wagewatch.services.reference.calendar import today

PREVIEW_STATUS = "预览（未签发），{day}生成，数据仍会变化，不作为正式报告"


def period_of(office: Office, month: str) -> ReportPeriod:
    """The office's period for ``month`` with its configured cut-off day; a bad month is a
    ServiceError on the month field."""
    try:
        return report_period(month, office.report_cutoff_day)
    except PeriodError as error:
        raise ServiceError(str(error), field="month") from error


def versions(office_id: int, month: str | None = None) -> list[MonthlyReport]:
    """Issued versions of the office (of one month), newest month and version first; the
    workbook bytes are not loaded."""
    query = select(MonthlyReport).where(MonthlyReport.office_id == office_id)
    if month:
        query = query.where(MonthlyReport.period == month)
    return list(db.session.scalars(query.options(db.defer(MonthlyReport.workbook), db.defer(
        MonthlyReport.figures)).order_by(MonthlyReport.period.desc(), MonthlyReport.version.desc())))


def latest(office_id: int, month: str) -> MonthlyReport | None:
    """The newest issued version of a month, or None when it was never issued."""
    return db.session.scalar(select(MonthlyReport).where(
        MonthlyReport.office_id == office_id, MonthlyReport.period == month)
        .order_by(MonthlyReport.version.desc()).limit(1))


def preview(office: Office, month: str, actor: User | None, via: str | None = None) -> bytes:
    """The month's workbook as the data stands now, marked 预览（未签发） in every title; not
    stored; the download is audited (``via`` names a command-line operator without an app
    user)."""
    period = period_of(office, month)
    on = today()
    if period.first_day > on:
        raise ServiceError("该月的统计期尚未开始。", field="month")
    data = render(_frozen(collect(office, period, on)), PREVIEW_STATUS.format(day=on.isoformat()))
    audit.record("export.monthly_report_preview", object_type="office", object_id=office.id,
                 actor=actor, detail=f"预览{month}月度监察报告（{period.first_day}至{period.last_day}，未签发）"
                        + (f"（{via}）" if via else ""))
    db.session.commit()
    return data


def check_issue(office: Office, month: str, reason: str | None) -> tuple[ReportPeriod, str | None,
                                                                        int]:
    """Whether ``month`` may be issued now with ``reason``: its period must be over, and every
    version after the first needs a reason. Returns the period, the reason (stripped, None when
    blank) and the version it would be; a refusal is a ServiceError on its field."""
    period = period_of(office, month)
    if not is_complete(period, today()):
        raise ServiceError(f"该月的统计期到{period.last_day.isoformat()}才结束，结束后才能签发；"
                           "现在可以下载预览。", field="month")
    reason = (reason or "").strip() or None
    current = db.session.scalar(select(func.max(MonthlyReport.version)).where(
        MonthlyReport.office_id == office.id, MonthlyReport.period == period.month)) or 0
    if current and not reason:
        raise ServiceError(f"{period.month}已签发第{current}版；重新签发须填写理由。", field="reason")
    return period, reason, current + 1


def issue(office: Office, month: str, actor: User, reason: str | None = None,
          before_commit: Callable[[MonthlyReport], None] | None = None) -> MonthlyReport:
    """Freeze the month's figures and workbook as a new version: version 1 needs no reason,
    every later version needs one; earlier versions stay as they were. One commit, audited;
    ``before_commit`` (a background job recording its end) runs inside that transaction."""
    period, reason, version = check_issue(office, month, reason)
    on = today()
    figures = _frozen(collect(office, period, on))
    status = f"第{version}版，{on.isoformat()}由{actor.display_name}签发" + (
        f"（重新签发理由：{reason}）" if reason else "")
    data = render(figures, status)
    report = MonthlyReport(
        office_id=office.id, period=period.month, version=version, first_day=period.first_day,
        last_day=period.last_day, cutoff_day=period.cutoff_day, figures=figures, workbook=data,
        sha256=hashlib.sha256(data).hexdigest(), issued_by_id=actor.id, reissue_reason=reason)
    db.session.add(report)
    try:
        db.session.flush()
    except IntegrityError as error:  # someone issued the same version a moment ago
        db.session.rollback()
        raise ServiceError("该月报告刚被他人签发，请刷新页面后再试。", field="month") from error
    audit.record("monthly_report.issue", object_type="monthly_report", object_id=report.id,
                 actor=actor, detail=f"签发{period.month}月度监察报告第{version}版，SHA-256 "
                                     f"{report.sha256}" + (f"；理由：{reason}" if reason else ""))
    if before_commit is not None:
        before_commit(report)
    db.session.commit()
    return report


def download(report: MonthlyReport, actor: User | None, via: str | None = None) -> bytes:
    """The stored bytes of an issued version (same SHA-256 as when issued); audited
    (``via`` names a command-line operator without an app user)."""
    audit.record("export.monthly_report", object_type="monthly_report", object_id=report.id,
                 actor=actor, detail=f"下载{report.period}月度监察报告第{report.version}版"
                 + (f"（{via}）" if via else ""))
    db.session.commit()
    return report.workbook


def _frozen(figures: dict) -> dict:
    """The figures exactly as JSON stores them, so the issued workbook is rendered from what a
    re-render would read back."""
    return json.loads(json.dumps(figures, ensure_ascii=False))
