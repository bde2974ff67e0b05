"""Home page: who is logged in, their office, and their last login."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from wagewatch.extensions import db
from wagewatch.models import AuditEvent
from wagewatch.permissions import ALL_ROLES, guard

bp = guard(Blueprint("main", __name__), ALL_ROLES)


@bp.route("/")
def index():  # noqa: ANN201
    recent_failures = db.session.scalars(
        db.select(AuditEvent)
        .where(AuditEvent.object_type == "user", AuditEvent.object_id == str(current_user.id),
               AuditEvent.action.in_(["login.failure", "login.locked"]))
        .order_by(AuditEvent.id.desc()).limit(5)
    ).all()
    return render_template("main/index.html", recent_failures=recent_failures)
