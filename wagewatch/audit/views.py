"""Audit log list for the auditor, in Chinese, with pick-list filters and an audited Excel export;
there is no route that edits or deletes an entry."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_login import current_user

from wagewatch.audit.forms import AuditFilterForm
from wagewatch.audit.labels import entry
from wagewatch.audit.queries import actor_choices, filter_words, filtered
from wagewatch.downloads import send_xlsx
from wagewatch.extensions import db
from wagewatch.forms import ExportForm, choices
from wagewatch.models import Role
from wagewatch.permissions import guard
from wagewatch.services.audit_exports import export_audit_log
from wagewatch.services.calendar import today

bp = guard(Blueprint("audit", __name__, url_prefix="/audit"), {Role.AUDITOR})


def _filter_form() -> AuditFilterForm:
    form = AuditFilterForm(request.args)
    form.actor.choices = choices([("", "全部操作人"), *actor_choices()])
    return form


@bp.route("/")
def list_events():
    form = _filter_form()
    filters = form.data if form.validate() else {}
    page = db.paginate(filtered(filters), per_page=50, error_out=False)
    return render_template("audit/event_list.html", form=form, page=page,
                           entries=[entry(e) for e in page.items], export_form=ExportForm())


@bp.route("/export", methods=["POST"])
def export_events():
    """The log with the current filters as an .xlsx file (POST with CSRF; audited; no-store)."""
    if not ExportForm().validate_on_submit():
        abort(400)
    form = _filter_form()
    filters = form.data if form.validate() else {}
    day = today().isoformat()
    data = export_audit_log(filtered(filters), filter_words(form, filters), current_user, day)
    return send_xlsx(data, f"audit-log-{day}.xlsx", f"审计日志-{day}.xlsx")
