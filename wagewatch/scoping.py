"""Object scoping (security.md item 7): a record of another office is a 404, and it is audited."""

from __future__ import annotations

from typing import TypeVar

from flask import abort
from flask_login import current_user

from wagewatch.extensions import db
from wagewatch.services import audit

T = TypeVar("T")


def get_in_office_or_404(model: type[T], object_id: int) -> T:
    """Load a record that has an ``office_id``; another office's record answers 404 (audited)."""
    record = db.session.get(model, object_id)
    if record is None:
        abort(404)
    if record.office_id != current_user.office_id:  # type: ignore[attr-defined]
        audit.record_alone("access.out_of_office", object_type=model.__tablename__,  # type: ignore[attr-defined]
                           object_id=object_id, success=False,
                           detail="尝试访问其他机构的记录")
        abort(404)
    return record
