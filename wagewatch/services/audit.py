"""The one function every write path calls to append to the audit log, in its own transaction."""

from __future__ import annotations

from typing import Any

from flask import has_request_context, request
from flask_login import current_user

from wagewatch.extensions import db
from wagewatch.models import AuditEvent, User
from wagewatch.privacy import mask_text, mask_value


def changes_between(old: dict[str, Any], new: dict[str, Any]) -> dict[str, list[Any]]:
    """Fields that differ as ``{field: [old, new]}``, with personal data masked and secrets hidden."""
    result: dict[str, list[Any]] = {}
    for field in sorted(set(old) | set(new)):
        before, after = old.get(field), new.get(field)
        if before != after:
            result[field] = [_plain(mask_value(field, before)), _plain(mask_value(field, after))]
    return result


def _plain(value: Any) -> Any:
    """JSON-safe rendering of a recorded value (dates, decimals and enums become text)."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def record(
    action: str,
    *,
    object_type: str | None = None,
    object_id: object = None,
    success: bool = True,
    changes: dict[str, list[Any]] | None = None,
    detail: str | None = None,
    actor: User | None = None,
) -> AuditEvent:
    """Add one audit entry to the current transaction; the calling use case commits it.

    The actor defaults to the logged-in user and the source address to the request's.
    """
    if actor is None and has_request_context() and current_user.is_authenticated:
        actor = current_user._get_current_object()
    event = AuditEvent(
        actor_id=actor.id if actor else None,
        actor_username=actor.username if actor else None,
        actor_role=str(actor.role) if actor else None,
        office_id=actor.office_id if actor else None,
        source_ip=request.remote_addr if has_request_context() else None,
        action=action,
        object_type=object_type,
        object_id=None if object_id is None else str(object_id),
        success=success,
        changes=changes or None,
        detail=mask_text(detail) if detail else None,
    )
    db.session.add(event)
    return event


def record_alone(action: str, **kwargs: Any) -> None:
    """Record an event that is its own use case (a denial, a failed login) and commit it."""
    db.session.rollback()
    record(action, **kwargs)
    db.session.commit()
