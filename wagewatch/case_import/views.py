"""Case import views: template download, upload, result with the error list and its workbook."""

from __future__ import annotations

import io

from flask import Blueprint, redirect, render_template, send_file, url_for
from flask_login import current_user

from wagewatch.case_import.forms import ImportForm
from wagewatch.extensions import db
from wagewatch.models import Case, CaseImport, Role
from wagewatch.permissions import guard
from wagewatch.reports.import_errors import error_report_workbook
from wagewatch.reports.registry_layout import write_template
from wagewatch.scoping import get_in_office_or_404
from wagewatch.services import case_import

bp = guard(Blueprint("case_import", __name__, url_prefix="/cases/import"), {Role.CLERK})

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _recent() -> list[CaseImport]:
    return db.session.scalars(db.select(CaseImport).where(
        CaseImport.office_id == current_user.office_id)
        .order_by(CaseImport.id.desc()).limit(10)).all()


@bp.route("/", methods=["GET", "POST"])
def upload():  # noqa: ANN201
    """The upload form; a refused file comes back with the reason beside the field."""
    form = ImportForm()
    if form.validate_on_submit():
        upload = form.file.data
        try:
            attempt = case_import.import_cases(current_user._get_current_object(),
                                               upload.read(), upload.filename or "")
        except case_import.ImportRefused as refused:
            if refused.file_problem is None:
                return redirect(url_for("case_import.show_import", import_id=refused.attempt.id))
            form.file.errors = [refused.file_problem]
        else:
            return redirect(url_for("case_import.show_import", import_id=attempt.id))
    return render_template("case_import/import_form.html", form=form, recent=_recent())


@bp.route("/template.xlsx")
def download_template():  # noqa: ANN201
    buffer = io.BytesIO()
    write_template(buffer)
    buffer.seek(0)
    return send_file(buffer, as_attachment=True, download_name="案件导入模板.xlsx",
                     mimetype=XLSX)


@bp.route("/<int:import_id>")
def show_import(import_id: int):  # noqa: ANN201
    """The result: the imported cases with links, or every error with the report download."""
    attempt = get_in_office_or_404(CaseImport, import_id)
    cases = db.session.scalars(db.select(Case).where(Case.id.in_((attempt.case_ids or [])[:200]))
                               .order_by(Case.id)).all()
    return render_template("case_import/import_result.html", attempt=attempt, cases=cases,
                           errors=case_import.error_rows(attempt), form=ImportForm())


@bp.route("/<int:import_id>/errors.xlsx")
def download_errors(import_id: int):  # noqa: ANN201
    attempt = get_in_office_or_404(CaseImport, import_id)
    data = error_report_workbook(attempt.file_name, case_import.error_rows(attempt),
                                 attempt.error_count)
    return send_file(io.BytesIO(data), as_attachment=True,
                     download_name=f"导入错误清单-{attempt.id}.xlsx", mimetype=XLSX)
