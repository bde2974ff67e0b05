"""Audit log list for the auditor; there is no route that edits or deletes an entry."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from wagewatch.audit.forms import AuditFilterForm
from wagewatch.extensions import db
from wagewatch.models import AuditEvent, Role
from wagewatch.permissions import guard
from wagewatch.rules.clock import day_end_utc, day_start_utc

bp = guard(Blueprint("audit", __name__, url_prefix="/audit"), {Role.AUDITOR})

@bp.route("/")
def list_events():  # noqa: ANN201
    form = AuditFilterForm(request.args)
    query = db.select(AuditEvent).order_by(AuditEvent.id.desc())
    if form.validate():
        if form.actor.data:
            query = query.where(AuditEvent.actor_username == form.actor.data.lower())
        if form.action.data:
            query = query.where(AuditEvent.action.startswith(form.action.data))
        if form.object_type.data:
            query = query.where(AuditEvent.object_type == form.object_type.data)
        if form.object_id.data:
            query = query.where(AuditEvent.object_id == form.object_id.data)
        if form.success.data in {"0", "1"}:
            query = query.where(AuditEvent.success == (form.success.data == "1"))
        if form.date_from.data:
            query = query.where(AuditEvent.occurred_at >= day_start_utc(form.date_from.data))
        if form.date_to.data:
            query = query.where(AuditEvent.occurred_at < day_end_utc(form.date_to.data))
    page = db.paginate(query, per_page=50, error_out=False)
    return render_template("audit/event_list.html", form=form, page=page)
