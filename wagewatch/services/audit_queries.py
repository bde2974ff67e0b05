"""The audit log narrowed by the auditor's filters, and the actors to filter by."""

from __future__ import annotations

from functools import cache

from sqlalchemy import Select, String, bindparam, select

from wagewatch.extensions import db
from wagewatch.models import AuditEvent, User
from wagewatch.rules.clock import day_end_utc, day_start_utc
from wagewatch.services.bound_values import LIMIT


def actor_choices() -> list[tuple[str, str]]:
    """Every user by name and username, for the 操作人 pick-list."""
    users = db.session.execute(select(User.username, User.display_name)
                               .order_by(User.display_name, User.username)).all()
    return [(username, f"{name}（{username}）") for username, name in users]


def recent_sign_in_failures(user_id: int, limit: int = 5) -> list[AuditEvent]:
    """The user's latest refused sign-ins and lock-outs (at most ``limit``), newest first: the home
    page shows them to the user."""
    return list(db.session.scalars(_failures_statement(),
                                   {"user_key": str(user_id), "limit": limit}))


@cache
def _failures_statement() -> Select:
    """recent_sign_in_failures' statement, built once: every home page asks."""
    return (select(AuditEvent)
            .where(AuditEvent.object_type == "user",
                   AuditEvent.object_id == bindparam("user_key", type_=String),
                   AuditEvent.action.in_(["login.failure", "login.locked"]))
            .order_by(AuditEvent.id.desc()).limit(LIMIT))


def filtered(filters: dict) -> Select:
    """Audit entries matching the (validated) filter form's data, newest first."""
    query = select(AuditEvent).order_by(AuditEvent.id.desc())
    if filters.get("actor"):
        query = query.where(AuditEvent.actor_username == filters["actor"])
    if filters.get("role"):
        query = query.where(AuditEvent.actor_role == filters["role"])
    if filters.get("action"):
        query = query.where(AuditEvent.action == filters["action"])
    if filters.get("object_type"):
        query = query.where(AuditEvent.object_type == filters["object_type"])
    if filters.get("object_id"):
        query = query.where(AuditEvent.object_id == filters["object_id"].strip())
    if filters.get("success") in {"0", "1"}:
        query = query.where(AuditEvent.success == (filters["success"] == "1"))
    if filters.get("date_from"):
        query = query.where(AuditEvent.occurred_at >= day_start_utc(filters["date_from"]))
    if filters.get("date_to"):
        query = query.where(AuditEvent.occurred_at < day_end_utc(filters["date_to"]))
    return query

