"""Case import views: template download, upload, result with the error list and its workbook."""

from __future__ import annotations

import io
from collections.abc import Sequence

from flask import Blueprint, abort, jsonify, redirect, render_template, send_file, url_for
from flask_login import current_user

from wagewatch.extensions import db
from wagewatch.models import Case, CaseImport, ExportJob, ExportStatus, Role
from wagewatch.reports.import_errors import error_report_workbook
from wagewatch.reports.registry_layout import write_template
from wagewatch.services import ServiceError
from wagewatch.services.exports import registry_exports
from wagewatch.services.imports import case_import, import_jobs
from wagewatch.web.case_import.forms import ImportForm
from wagewatch.web.permissions import guard
from wagewatch.web.scoping import audit_if_out_of_office, get_in_office_or_404

bp = guard(Blueprint("case_import", __name__, url_prefix="/cases/import"), {Role.CLERK})

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _recent() -> Sequence[CaseImport]:
    return db.session.scalars(db.select(CaseImport).where(
        CaseImport.office_id == current_user.office_id)
        .order_by(CaseImport.id.desc()).limit(10)).all()


@bp.route("/", methods=["GET", "POST"])
def upload():
    """The upload form; a file refused by the quick checks comes back with the reason beside the
    field, an accepted one is imported in a background job with a progress page."""
    form = ImportForm()
    if form.validate_on_submit():
        upload = form.file.data
        try:
            job = import_jobs.start(current_user._get_current_object(), upload.read(),
                                    upload.filename or "")
        except case_import.ImportRefused as refused:
            form.file.errors = [refused.file_problem or refused.message]
        except ServiceError as error:  # the job queue could not take the import
            form.file.errors = [error.message]
        else:
            return redirect(url_for("case_import.show_job", job_id=job.id), code=303)
    return render_template("case_import/import_form.html", form=form, recent=_recent())


#: What the import's progress page says of each job state.
LABELS = {ExportStatus.QUEUED: "排队中", ExportStatus.RUNNING: "正在导入",
          ExportStatus.DONE: "已完成", ExportStatus.FAILED: "导入失败",
          ExportStatus.EXPIRED: "已过期"}


def _own_job_or_404(job_id: int) -> ExportJob:
    """The clerk's own import job (a dead one is marked failed when read); others' are 404."""
    job = db.session.get(ExportJob, job_id)
    if job is None or job.kind != import_jobs.KIND or job.user_id != current_user.id:
        audit_if_out_of_office(ExportJob, job_id)
        abort(404)
    registry_exports.fail_if_dead(job)
    return job


def _result_url(job: ExportJob) -> str | None:
    if job.status is ExportStatus.DONE and job.result and job.result.get("import_id"):
        return url_for("case_import.show_import", import_id=job.result["import_id"])
    return None


@bp.route("/jobs/<int:job_id>")
def show_job(job_id: int):
    """The import's progress page; once the job is done, its result page."""
    job = _own_job_or_404(job_id)
    result_url = _result_url(job)
    if result_url:
        return redirect(result_url)
    done, total = import_jobs.progress_of(job)
    percent = min(99, done * 100 // total) if total else 0
    return render_template("case_import/import_job.html", job=job, done=done, total=total,
                           percent=percent, label=LABELS[job.status])


@bp.route("/jobs/<int:job_id>/status")
def job_status(job_id: int):
    """The import's progress for the page's script; ``result_url`` once it is done."""
    job = _own_job_or_404(job_id)
    done, total = import_jobs.progress_of(job)
    percent = 100 if job.status is ExportStatus.DONE else (
        min(99, done * 100 // total) if total else 0)
    return jsonify(status=job.status.value, label=LABELS[job.status], done=done, total=total,
                   percent=percent, error=job.error, result_url=_result_url(job))


@bp.route("/template.xlsx")
def download_template():
    buffer = io.BytesIO()
    write_template(buffer)
    buffer.seek(0)
    return send_file(buffer, as_attachment=True, download_name="案件导入模板.xlsx",
                     mimetype=XLSX)


@bp.route("/<int:import_id>")
def show_import(import_id: int):
    """The result: the imported cases with links, or every error with the report download."""
    attempt = get_in_office_or_404(CaseImport, import_id)
    cases = db.session.scalars(db.select(Case).where(Case.id.in_((attempt.case_ids or [])[:200]))
                               .order_by(Case.id)).all()
    return render_template("case_import/import_result.html", attempt=attempt, cases=cases,
                           errors=case_import.error_rows(attempt), form=ImportForm())


@bp.route("/<int:import_id>/errors.xlsx")
def download_errors(import_id: int):
    attempt = get_in_office_or_404(CaseImport, import_id)
    data = error_report_workbook(attempt.file_name, case_import.error_rows(attempt),
                                 attempt.error_count)
    return send_file(io.BytesIO(data), as_attachment=True,
                     download_name=f"导入错误清单-{attempt.id}.xlsx", mimetype=XLSX)
