"""Audit log list for the auditor, in Chinese, with pick-list filters and an audited Excel export;
there is no route that edits or deletes an entry."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_login import current_user

from wagewatch.extensions import db
from wagewatch.models import Role
from wagewatch.services.audit_entries import entry
from wagewatch.services.audit_queries import actor_choices, filtered
from wagewatch.services.exports.audit_exports import export_audit_log
from wagewatch.services.reference.calendar import today
from wagewatch.web.audit.forms import AuditFilterForm
from wagewatch.web.downloads import send_xlsx
from wagewatch.web.forms import ExportForm, choices, filter_words
from wagewatch.web.permissions import guard

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
