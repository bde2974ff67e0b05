"""The full-registry export on the web: prepared in a background job (a queue worker, or a
thread without Redis) with its progress in the database (so any process can answer "how far?"),
downloaded by the user who asked for it."""

from __future__ import annotations

import logging
import secrets
from datetime import datetime, timedelta
from pathlib import Path

from flask import Flask, current_app
from sqlalchemy import CursorResult, select, update
from sqlalchemy.exc import OperationalError, ProgrammingError

from wagewatch.extensions import db
from wagewatch.models import ExportJob, ExportStatus, User, utcnow
from wagewatch.reports.registry import masking_text, record_registry_export, write_registry
from wagewatch.services import ServiceError, audit, jobs
from wagewatch.temp_files import export_folder

log = logging.getLogger(__name__)

KIND = "registry"
#: A prepared file is kept this long, then deleted (it holds personal data).
KEEP_FILES = timedelta(hours=24)
UNFINISHED = (ExportStatus.QUEUED, ExportStatus.RUNNING)
DIED = "生成中断（服务曾重启或进程退出），已删除未完成的文件，请重新导出。"
IMPORT_DIED = "导入中断（服务曾重启或进程退出），未导入任何案件，请重新上传。"
#: The monthly report's issue job (wagewatch/services/reports/monthly_report_jobs.py): it leaves no file,
#: the issued version lives in the database, so a finished one never expires.
MONTHLY_ISSUE_KIND = "monthly_issue"
MONTHLY_DIED = "签发中断（服务曾重启或进程退出），未签发任何版本，请重新签发。"


def check_full_ids(actor: User, unmask: bool, purpose: str | None) -> str | None:
    """Full ID numbers in bulk need the administrator's grant and a stated purpose (PIPL arts. 6,
    51; security.md item 12); returns the purpose to record (None for a masked export)."""
    if not unmask:
        return None
    if not actor.may_export_full_ids:
        raise ServiceError("您没有批量导出完整身份证号码的权限，请联系系统管理员授权。",
                           field="unmask")
    purpose = (purpose or "").strip()
    if len(purpose) < 4:
        raise ServiceError("请写明导出完整身份证号码的用途（至少4个字）。", field="purpose")
    return purpose


def start(actor: User, *, unmask: bool = False, purpose: str | None = None) -> ExportJob:
    """Ask for the office's whole registry as a workbook; returns the job (the user's unfinished
    one if there is one). Masked unless ``unmask`` by a permitted user with a ``purpose``.
    Audited; the file is written by a background job (security.md items 12, 15)."""
    purpose = check_full_ids(actor, unmask, purpose)
    _expire_old(actor.office_id)
    unfinished = db.session.scalar(select(ExportJob).where(
        ExportJob.user_id == actor.id, ExportJob.kind == KIND,
        ExportJob.status.in_(UNFINISHED)))
    if unfinished is not None:
        db.session.commit()
        return unfinished
    job = ExportJob(office_id=actor.office_id, user_id=actor.id, kind=KIND, unmasked=unmask,
                    purpose=purpose, file_name=f"{secrets.token_hex(16)}.xlsx")
    db.session.add(job)
    db.session.flush()
    audit.record("export.registry.start", object_type="export_job", object_id=job.id, actor=actor,
                 detail=f"申请导出全部案件（{masking_text(job.unmasked, purpose)}）：筛选 无")
    db.session.commit()
    jobs.submit(job, run)
    return job


def run(app: Flask, job_id: int) -> None:
    """Write the job's file, recording progress after every batch; on failure the partial file
    is deleted and the job says so. Runs in a thread or a queue worker, in its own app context;
    a job already taken (a retry, a duplicate delivery) is left alone."""
    with app.app_context():
        try:
            if not jobs.claim(job_id):
                log.warning("registry export %s is not queued any more: not run again", job_id)
                return
            job = db.session.get_one(ExportJob, job_id)
            office_id, unmask = job.office_id, job.unmasked
            path = export_folder(app) / job.file_name
            engine = db.engine
            try:
                with jobs.heartbeat(lambda: _beat(engine, job_id)):
                    count = write_registry(
                        office_id, str(path), unmask=unmask,
                        on_progress=lambda done, total: _progress(job_id, done, total))
            except Exception:  # any failure ends the job visibly, never silently
                log.exception("registry export %s failed", job_id)
                db.session.rollback()
                path.unlink(missing_ok=True)
                _finish(job_id, None)
                return
            db.session.rollback()  # end the long read transaction before writing (SQLite snapshot)
            if not _finish(job_id, count):
                path.unlink(missing_ok=True)
        finally:
            db.session.remove()


def _progress(job_id: int, done: int, total: int) -> None:
    """Record how far the export is (a heartbeat too), on its own connection so the writer's
    session is untouched."""
    with db.engine.begin() as connection:
        connection.execute(update(ExportJob).where(ExportJob.id == job_id,
                                                   ExportJob.status == ExportStatus.RUNNING)
                           .values(rows_done=done, rows_total=total, heartbeat_at=utcnow()))


def _beat(engine, job_id: int) -> None:
    with engine.begin() as connection:
        connection.execute(update(ExportJob).where(ExportJob.id == job_id,
                                                   ExportJob.status == ExportStatus.RUNNING)
                           .values(heartbeat_at=utcnow()))


def _finish(job_id: int, count: int | None) -> bool:
    """Record the end (``count`` cases written, or None on failure) with its audit; False, with
    nothing recorded, when the job was failed meanwhile as dead (its file must go)."""
    if count is None:
        error = f"生成失败（任务编号 {job_id}），请重新导出；如再次失败请联系系统管理员。"
        ended = jobs.settle(job_id, status=ExportStatus.FAILED, error=error)
    else:
        ended = jobs.settle(job_id, status=ExportStatus.DONE, rows_done=count, rows_total=count)
    if not ended:
        db.session.rollback()
        log.warning("registry export %s was failed while it ran: its result is discarded", job_id)
        return False
    job = db.session.get_one(ExportJob, job_id)
    db.session.refresh(job)
    if count is None:
        audit.record("export.registry", object_type="export_job", object_id=job_id, success=False,
                     actor=job.user, detail=f"导出全部案件失败：筛选 无，已写{job.rows_done}件")
    else:
        record_registry_export(job.user, job.user.office, count, unmask=job.unmasked,
                               via=f"网页，任务编号{job_id}", purpose=job.purpose)
    db.session.commit()
    return True


def job_of(actor: User, job_id: int) -> ExportJob | None:
    """The actor's own export job; another user's (even in the office) is not theirs to see.
    A job whose worker died is marked failed here, when it is read."""
    job = db.session.get(ExportJob, job_id)
    if job is None or job.user_id != actor.id or job.kind != KIND:
        return None
    if _fail_if_dead(job, utcnow(), export_folder(current_app)):
        db.session.commit()
    return job


def _fail_if_dead(job: ExportJob, now: datetime, folder: Path) -> bool:
    """Mark a queued or running job whose heartbeat stopped as failed and delete its partial
    file (security.md item 26); returns whether it did."""
    if job.status not in UNFINISHED:
        return False
    if not jobs.is_dead(jobs.last_beat(current_app, job.id, job.heartbeat_at or job.created_at),
                        now):
        return False
    if job.status is ExportStatus.QUEUED and jobs.runner(current_app).waiting(
            current_app, jobs.job_key(job.kind, job.id, job.file_name)):
        return False  # still in the queue behind other work: not dead
    error = {KIND: DIED, MONTHLY_ISSUE_KIND: MONTHLY_DIED}.get(job.kind, IMPORT_DIED)
    failed: CursorResult = db.session.execute(  # type: ignore[assignment]
        update(ExportJob).where(ExportJob.id == job.id, ExportJob.status.in_(UNFINISHED))
        .values(status=ExportStatus.FAILED, finished_at=now, error=error))
    db.session.refresh(job)
    if failed.rowcount != 1:
        return False  # it ended just now
    (folder / job.file_name).unlink(missing_ok=True)
    jobs.pulse_path(current_app, job.id).unlink(missing_ok=True)
    if job.kind == KIND:
        audit.record("export.registry", object_type="export_job", object_id=job.id,
                     success=False, actor=job.user,
                     detail=f"导出全部案件中断：进程退出，已写{job.rows_done}件，未完成的文件已删除")
    elif job.kind == MONTHLY_ISSUE_KIND:
        audit.record("monthly_report.issue", object_type="export_job", object_id=job.id,
                     success=False, actor=job.user,
                     detail=f"签发{(job.result or {}).get('month')}月度监察报告中断：进程退出，未签发任何版本")
    else:
        audit.record("import.cases", object_type="export_job", object_id=job.id, success=False,
                     actor=job.user, detail="导入案件中断：进程退出，未导入任何案件")
    return True


def fail_if_dead(job: ExportJob) -> None:
    """Mark a job of any kind failed when its worker died (checked whenever a job is read)."""
    if _fail_if_dead(job, utcnow(), export_folder(current_app)):
        db.session.commit()


def recover_at_startup(app: Flask) -> int:
    """At start-up: fail every job whose worker died and delete its partial file. Returns how
    many; does nothing on a database not yet migrated."""
    with app.app_context():
        try:
            folder, now, failed = export_folder(app), utcnow(), 0
            for job in db.session.scalars(select(ExportJob).where(
                    ExportJob.status.in_(UNFINISHED))):
                failed += _fail_if_dead(job, now, folder)
            db.session.commit()
            return failed
        except (OperationalError, ProgrammingError):
            db.session.rollback()
            return 0
        finally:
            db.session.remove()


def file_for_download(job: ExportJob, actor: User) -> Path:
    """The prepared file of a finished job, with the download audited."""
    path = export_folder(current_app) / job.file_name
    if job.status is not ExportStatus.DONE or not path.exists():
        raise ServiceError("文件尚未生成或已过期，请重新导出。")
    audit.record("export.registry.download", object_type="export_job", object_id=job.id,
                 actor=actor, detail=f"下载全部案件导出文件：共{job.rows_done}件")
    db.session.commit()
    return path


def expire_files() -> int:
    """The daily clean-up for every office: prepared files older than KEEP_FILES deleted, jobs
    whose worker died failed. Committed; returns how many jobs it ended."""
    ended = _expire_old(None)
    db.session.commit()
    return ended


def _expire_old(office_id: int | None) -> int:
    """Delete files older than KEEP_FILES and mark jobs whose worker died as failed (in one
    office, or all when ``office_id`` is None); returns how many jobs it ended."""
    now, ended = utcnow(), 0
    folder = export_folder(current_app)
    query = select(ExportJob).where(ExportJob.status.in_((ExportStatus.DONE, *UNFINISHED)))
    if office_id is not None:
        query = query.where(ExportJob.office_id == office_id)
    for job in db.session.scalars(query):
        if job.status is ExportStatus.DONE and job.kind == MONTHLY_ISSUE_KIND:
            continue  # nothing to delete: the issued version stays in the database
        if job.status is ExportStatus.DONE and job.finished_at and now - job.finished_at > KEEP_FILES:
            (folder / job.file_name).unlink(missing_ok=True)
            job.status = ExportStatus.EXPIRED
            ended += 1
        else:
            ended += _fail_if_dead(job, now, folder)
    return ended
