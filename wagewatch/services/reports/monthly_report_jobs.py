"""The monthly report's issue (签发) run as a background job: the month and the re-issue reason
are checked at once (refusals beside their field), the figures are collected, the workbook
rendered and the version frozen in a job, so issuing never outlives the request."""

from __future__ import annotations

import logging
import secrets

from flask import Flask
from sqlalchemy import select

from wagewatch.extensions import db
from wagewatch.models import ExportJob, ExportStatus, MonthlyReport, Office, User, utcnow
from wagewatch.services import ServiceError, audit, jobs
from wagewatch.services.exports.registry_exports import MONTHLY_ISSUE_KIND, UNFINISHED, fail_if_dead
from wagewatch.services.jobs import pulse_path
from wagewatch.services.reports import monthly_reports

log = logging.getLogger(__name__)

KIND = MONTHLY_ISSUE_KIND
FAILED = "签发失败（任务编号 {job_id}），未签发任何版本，请重新签发；如再次失败请联系系统管理员。"


def start(actor: User, month: str, reason: str | None) -> ExportJob:
    """Check now that ``month`` (YYYY-MM) may be issued with ``reason`` (the rules of
    monthly_reports.check_issue; a refusal is a ServiceError on its field), then issue it in the
    background; returns the job (audited). The actor's unfinished issue of the same month is
    returned instead of a second one (a double click never issues two versions)."""
    office = actor.office
    period, reason, version = monthly_reports.check_issue(office, month, reason)
    for unfinished in db.session.scalars(select(ExportJob).where(
            ExportJob.user_id == actor.id, ExportJob.kind == KIND,
            ExportJob.status.in_(UNFINISHED))):
        fail_if_dead(unfinished)
        if (unfinished.status in UNFINISHED
                and (unfinished.result or {}).get("month") == period.month):
            db.session.commit()
            return unfinished
    job = ExportJob(office_id=office.id, user_id=actor.id, kind=KIND, unmasked=False,
                    file_name=f"{secrets.token_hex(16)}.issue", rows_total=1,
                    result={"month": period.month, "reason": reason})
    db.session.add(job)
    db.session.flush()
    audit.record("monthly_report.issue.start", object_type="export_job", object_id=job.id,
                 actor=actor, detail=f"申请签发{period.month}月度监察报告第{version}版，在后台签发"
                                     f"（任务编号{job.id}）" + (f"；理由：{reason}" if reason else ""))
    db.session.commit()
    jobs.submit(job, run)
    return job


def run(app: Flask, job_id: int) -> None:
    """Issue the job's month with the monthly report service; the version and the job's end
    commit together, and only while the job is still this run's (a job failed as dead meanwhile,
    retried or delivered twice never issues a version). A refusal (someone issued the month
    meanwhile) or any other failure ends the job with its reason in Chinese, nothing issued."""
    with app.app_context():
        pulse = None
        try:
            if not jobs.claim(job_id):
                log.warning("monthly report issue %s is not queued any more: not run again", job_id)
                return
            job = db.session.get_one(ExportJob, job_id)
            actor, office = job.user, db.session.get_one(Office, job.office_id)
            month, reason = (job.result or {})["month"], (job.result or {}).get("reason")
            # The job beats in its pulse file: on SQLite a write to its row beside the issue's
            # read would stop the issue's own write.
            pulse = pulse_path(app, job_id)
            pulse.touch(mode=0o600)

            def settle(report: MonthlyReport) -> None:
                if not jobs.settle(job_id, status=ExportStatus.DONE, heartbeat_at=utcnow(),
                                   rows_done=1, rows_total=1, result={
                                       "month": month, "reason": reason, "report_id": report.id,
                                       "version": report.version}):
                    raise JobLost(job_id)

            try:
                with jobs.heartbeat(pulse.touch):
                    monthly_reports.issue(office, month, actor, reason, before_commit=settle)
            except JobLost:
                log.warning("monthly report issue %s was failed while it ran: nothing issued",
                            job_id)
                db.session.rollback()
            except ServiceError as refused:
                db.session.rollback()
                _fail(job_id, refused.message)
            except Exception:  # any failure ends the job visibly
                log.exception("monthly report issue %s failed", job_id)
                db.session.rollback()
                _fail(job_id, FAILED.format(job_id=job_id))
        finally:
            if pulse is not None:
                pulse.unlink(missing_ok=True)
            db.session.remove()


class JobLost(Exception):
    """The issue's job is not running any more: its version must not be saved."""


def _fail(job_id: int, error: str) -> None:
    if not jobs.settle(job_id, status=ExportStatus.FAILED, error=error):
        db.session.rollback()
        return
    job = db.session.get_one(ExportJob, job_id)
    audit.record("monthly_report.issue", object_type="export_job", object_id=job_id,
                 success=False, actor=job.user,
                 detail=f"签发{(job.result or {}).get('month')}月度监察报告失败：{error}")
    db.session.commit()


def job_of(actor: User, job_id: int) -> ExportJob | None:
    """The actor's own issue job in their office (a dead one is marked failed when read);
    another user's, even in the office, is not theirs to see."""
    job = db.session.get(ExportJob, job_id)
    if (job is None or job.kind != KIND or job.user_id != actor.id
            or job.office_id != actor.office_id):
        return None
    fail_if_dead(job)
    return job


def issued_report(job: ExportJob) -> MonthlyReport | None:
    """The version a finished issue job froze (None until it is done)."""
    report_id = (job.result or {}).get("report_id")
    if job.status is not ExportStatus.DONE or not report_id:
        return None
    return db.session.get(MonthlyReport, report_id)
