"""Pages of the full-registry export: start it, a progress page that polls, the download."""

from __future__ import annotations

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, url_for
from flask_login import current_user

from wagewatch.models import ExportJob, ExportStatus, Role
from wagewatch.services import ServiceError
from wagewatch.services.exports import registry_exports
from wagewatch.services.reference.calendar import today
from wagewatch.web.downloads import send_xlsx
from wagewatch.web.exports.forms import RegistryExportForm
from wagewatch.web.forms import ExportForm
from wagewatch.web.permissions import guard
from wagewatch.web.scoping import audit_if_out_of_office

bp = guard(Blueprint("exports", __name__, url_prefix="/exports"), {Role.CLERK, Role.LEADER})


def _own_job_or_404(job_id: int) -> ExportJob:
    job = registry_exports.job_of(current_user, job_id)
    if job is None:
        audit_if_out_of_office(ExportJob, job_id)
        abort(404)
    return job


@bp.route("/registry", methods=["GET", "POST"])
def start_registry():
    """Ask for the whole registry (POST with CSRF), masked unless a permitted user asks for
    full ID numbers with a purpose; the file is prepared in the background. GET shows the
    options."""
    form = RegistryExportForm()
    if form.validate_on_submit():
        try:
            job = registry_exports.start(current_user._get_current_object(),
                                         unmask=form.unmask.data, purpose=form.purpose.data)
        except ServiceError as error:
            getattr(form, error.field or "unmask").errors.append(error.message)
        else:
            return redirect(url_for("exports.show_job", job_id=job.id), code=303)
    elif form.is_submitted() and "csrf_token" in form.errors:
        abort(400)
    return render_template("exports/export_options.html", form=form)


@bp.route("/<int:job_id>")
def show_job(job_id: int):
    job = _own_job_or_404(job_id)
    return render_template("exports/export_job.html", job=job, export_form=ExportForm())


@bp.route("/<int:job_id>/status")
def job_status(job_id: int):
    """The job's progress for the page's script: status, rows done of total, percent."""
    job = _own_job_or_404(job_id)
    return jsonify(status=job.status.value, label=job.status.label, done=job.rows_done,
                   total=job.rows_total, percent=job.percent, error=job.error,
                   download_url=url_for("exports.download_job", job_id=job.id)
                   if job.status is ExportStatus.DONE else None)


@bp.route("/<int:job_id>/download")
def download_job(job_id: int):
    job = _own_job_or_404(job_id)
    try:
        path = registry_exports.file_for_download(job, current_user)
    except ServiceError as error:
        flash(str(error), "warning")
        return redirect(url_for("exports.show_job", job_id=job.id))
    day = today().isoformat()
    return send_xlsx(path, f"registry-{day}.xlsx", f"全部案件-{day}.xlsx")
