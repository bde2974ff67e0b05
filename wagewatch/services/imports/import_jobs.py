"""A case import run as a background job: the upload is checked at once (size, a real workbook,
already imported), then read, checked row by row and written in a job with its progress, so a
large file never outlives the request (the documented 20,000 rows per sheet complete)."""

from __future__ import annotations

import json
import logging
import os
import secrets
from pathlib import Path

from flask import Flask, current_app

from wagewatch.extensions import db
from wagewatch.models import CaseImport, ExportJob, ExportStatus, User, utcnow
from wagewatch.services import audit, jobs
from wagewatch.services.imports.case_import import ImportRefused, check_upload, import_cases
from wagewatch.services.jobs import pulse_path
from wagewatch.temp_files import export_folder

log = logging.getLogger(__name__)

KIND = "case_import"
FAILED = "导入中断，未导入任何案件，请重新上传。"


def start(actor: User, data: bytes, filename: str) -> ExportJob:
    """Check the upload now (raises ImportRefused with the reason for the field), keep it in the
    app's 0700 folder and import it in the background; returns the job (audited)."""
    filename = (filename or "未命名.xlsx")[:200]
    check_upload(actor, data, filename)
    job = ExportJob(office_id=actor.office_id, user_id=actor.id, kind=KIND, unmasked=False,
                    file_name=f"{secrets.token_hex(16)}.xlsx", result={"file_name": filename})
    path = export_folder(current_app) / job.file_name
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as upload:
        upload.write(data)
    db.session.add(job)
    db.session.flush()
    audit.record("import.cases.start", object_type="export_job", object_id=job.id, actor=actor,
                 detail=f"上传案件文件“{filename}”，在后台导入（任务编号{job.id}）")
    db.session.commit()
    jobs.submit(job, run)
    return job


def _pulse(path: Path, done: int | None, total: int | None) -> None:
    spare = path.with_suffix(".next")
    spare.write_text(json.dumps({"done": done, "total": total}))
    os.replace(spare, path)


def progress_of(job: ExportJob) -> tuple[int, int | None]:
    """Cases written and total of a running import (from its pulse), or of the finished job."""
    path = pulse_path(current_app, job.id)
    if job.status is ExportStatus.RUNNING and path.exists():
        try:
            state = json.loads(path.read_text())
            return state.get("done") or 0, state.get("total")
        except (OSError, ValueError):
            pass
    return job.rows_done, job.rows_total


def run(app: Flask, job_id: int) -> None:
    """Import the job's file; the result (imported or refused with its errors) is a CaseImport
    that the job points to. Any other failure leaves nothing saved and says so. The cases and the
    job's end commit together, and only while the job is still this run's: a job failed as dead
    meanwhile, retried or delivered twice never imports its cases twice or behind a failure."""
    with app.app_context():
        upload = pulse = None
        try:
            if not jobs.claim(job_id):
                log.warning("case import job %s is not queued any more: not run again", job_id)
                return
            job = db.session.get_one(ExportJob, job_id)
            actor, filename = job.user, (job.result or {})["file_name"]
            upload, pulse = export_folder(app) / job.file_name, pulse_path(app, job_id)
            _pulse(pulse, 0, None)
            state = {"done": 0, "total": None}

            def progress(done: int, total: int) -> None:
                state.update(done=done, total=total)
                _pulse(pulse, done, total)

            def settle(attempt: CaseImport) -> None:
                if not _settle(job_id, filename, attempt):
                    raise JobLost(job_id)

            try:
                with jobs.heartbeat(lambda: _pulse(pulse, state["done"], state["total"])):
                    data = upload.read_bytes()
                    upload.unlink(missing_ok=True)
                    try:
                        import_cases(actor, data, filename, on_progress=progress,
                                     before_commit=settle)
                    except ImportRefused as refused:
                        if _settle(job_id, filename, refused.attempt):
                            db.session.commit()
            except JobLost:
                log.warning("case import job %s was failed while it ran: nothing imported", job_id)
                db.session.rollback()
            except Exception:  # any failure ends the job visibly
                log.exception("case import job %s failed", job_id)
                db.session.rollback()
                _fail(job_id, filename)
        finally:
            for path in (upload, pulse):
                if path is not None:
                    path.unlink(missing_ok=True)
            db.session.remove()


class JobLost(Exception):
    """The import's job is not running any more: its cases must not be saved."""


def _settle(job_id: int, filename: str, attempt: CaseImport) -> bool:
    """Mark the job done with its result in the import's own transaction (uncommitted)."""
    return jobs.settle(job_id, status=ExportStatus.DONE, heartbeat_at=utcnow(),
                       rows_done=attempt.case_count, rows_total=attempt.case_count,
                       result={"file_name": filename, "import_id": attempt.id})


def _fail(job_id: int, filename: str) -> None:
    if not jobs.settle(job_id, status=ExportStatus.FAILED, error=FAILED):
        db.session.rollback()
        return
    job = db.session.get_one(ExportJob, job_id)
    audit.record("import.cases", object_type="export_job", object_id=job_id, success=False,
                 actor=job.user, detail=f"导入案件文件“{filename}”中断：未导入任何案件")
    db.session.commit()
