"""Monthly report views: the list of issued versions, issuing (a background job with its
progress page), preview and download."""

from __future__ import annotations

import io

from flask import Blueprint, abort, jsonify, redirect, render_template, send_file, url_for
from flask_login import current_user

from wagewatch.models import ExportJob, ExportStatus, MonthlyReport, Role
from wagewatch.rules.report_period import month_containing, parse_month, previous_month
from wagewatch.services import ServiceError
from wagewatch.services.reference.calendar import today
from wagewatch.services.reports import monthly_report_jobs, monthly_reports
from wagewatch.web.monthly_reports.forms import DownloadForm, IssueForm, PreviewForm
from wagewatch.web.permissions import guard
from wagewatch.web.scoping import audit_if_out_of_office, get_in_office_or_404

bp = guard(Blueprint("monthly_reports", __name__, url_prefix="/reports/monthly"),
           {Role.LEADER, Role.CLERK, Role.ADMIN})
#: The preview form's field names are prefixed: both forms on the page have a month field.
PREVIEW = "preview"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _last_complete_month() -> str:
    office = current_user.office
    year, month = parse_month(month_containing(today(), office.report_cutoff_day))
    previous_year, previous = previous_month(year, month)
    return f"{previous_year:04d}-{previous:02d}"


def _page(issue_form: IssueForm | None = None, preview_form: PreviewForm | None = None,
          status: int = 200):
    default = _last_complete_month()
    issue_form = issue_form or IssueForm(month=default, formdata=None)
    preview_form = preview_form or PreviewForm(month=default, formdata=None, prefix=PREVIEW)
    office = current_user.office
    return render_template(
        "monthly_reports/report_list.html", reports=monthly_reports.versions(office.id),
        office=office, issue_form=issue_form, preview_form=preview_form,
        download_form=DownloadForm()), status


@bp.route("/")
def list_reports():
    return _page()


@bp.route("/issue", methods=["POST"])
def issue_report():
    """Check the month and the re-issue reason now (refusals beside their field, what was typed
    kept), then issue in a background job and show its progress page."""
    form = IssueForm()
    if form.validate_on_submit():
        try:
            job = monthly_report_jobs.start(current_user._get_current_object(), form.month.data,
                                            form.reason.data)
        except ServiceError as error:
            getattr(form, error.field or "month").errors.append(error.message)
        else:
            return redirect(url_for("monthly_reports.show_job", job_id=job.id), code=303)
    return _page(issue_form=form, status=422)


#: What the issue's progress page says of each job state.
LABELS = {ExportStatus.QUEUED: "排队中", ExportStatus.RUNNING: "正在签发",
          ExportStatus.DONE: "已签发", ExportStatus.FAILED: "签发失败",
          ExportStatus.EXPIRED: "已过期"}


def _own_job_or_404(job_id: int) -> ExportJob:
    """The user's own issue job in their office; anyone else's is 404 (another office's
    audited)."""
    job = monthly_report_jobs.job_of(current_user, job_id)
    if job is None:
        audit_if_out_of_office(ExportJob, job_id)
        abort(404)
    return job


def _issued(job: ExportJob) -> tuple[MonthlyReport | None, str | None]:
    report = monthly_report_jobs.issued_report(job)
    if report is None:
        return None, None
    return report, f"已签发{report.period}月度监察报告第{report.version}版。"


@bp.route("/jobs/<int:job_id>")
def show_job(job_id: int):
    """The issue's progress page: once done, the version issued and its download."""
    job = _own_job_or_404(job_id)
    report, message = _issued(job)
    return render_template("monthly_reports/issue_job.html", job=job, report=report,
                           message=message, label=LABELS[job.status],
                           download_form=DownloadForm())


@bp.route("/jobs/<int:job_id>/status")
def job_status(job_id: int):
    """The issue's progress for the page's script; the message and the download once done."""
    job = _own_job_or_404(job_id)
    report, message = _issued(job)
    return jsonify(status=job.status.value, label=LABELS[job.status], done=None, total=None,
                   percent=job.percent, error=job.error, message=message,
                   download_url=url_for("monthly_reports.download_report", report_id=report.id)
                   if report else None)


@bp.route("/preview", methods=["POST"])
def preview_report():
    form = PreviewForm(prefix=PREVIEW)
    if form.validate_on_submit():
        try:
            data = monthly_reports.preview(current_user.office, form.month.data, current_user)
        except ServiceError as error:
            form.month.errors.append(error.message)
        else:
            return _xlsx(data, f"月度监察报告-{form.month.data}-预览未签发.xlsx")
    return _page(preview_form=form, status=422)


@bp.route("/<int:report_id>/download", methods=["POST"])
def download_report(report_id: int):
    if not DownloadForm().validate_on_submit():
        abort(400)
    report = get_in_office_or_404(MonthlyReport, report_id)
    return _xlsx(monthly_reports.download(report, current_user), report.file_name)


def _xlsx(data: bytes, name: str):
    """The workbook as an attachment; Werkzeug writes the RFC 5987 ``filename*`` for the
    Chinese name (and Cache-Control: no-store is set for every response)."""
    return send_file(io.BytesIO(data), as_attachment=True, download_name=name, mimetype=XLSX)
