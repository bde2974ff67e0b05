"""Object scoping (security.md item 7): a record of another office is a 404, and it is audited."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any, NoReturn, TypeVar

from flask import abort
from flask_login import current_user
from sqlalchemy import Select, bindparam, inspect, select

from wagewatch.extensions import db
from wagewatch.services import audit

T = TypeVar("T")


def get_in_office_or_404(model: type[T], object_id: int, options: Sequence[Any] = ()) -> T:
    """Load a record that has an ``office_id`` (with the loader ``options`` a page needs: a
    module's constant, whose statement is then built once); another office's record answers 404
    (audited)."""
    record: T | None = (db.session.scalars(_by_id(model, tuple(options)), {"object_id": object_id})  # type: ignore[arg-type]
                        .unique().first() if options else db.session.get(model, object_id))
    if record is None:
        abort(404)
    if record.office_id != current_user.office_id:  # type: ignore[attr-defined]
        _refuse_out_of_office(model, object_id)
    return record


@cache
def _by_id(model: type, options: tuple[Any, ...]) -> Select:
    """A record by its primary key with loader ``options``, built once per page's options: a
    statement with a dozen loader options was keyed afresh on every request."""
    key: Any
    key, = inspect(model).primary_key
    return select(model).options(*options).where(key == bindparam("object_id"))


def get_part_or_404(model: type[T], object_id: int, parent: object, via: str) -> T:
    """Load a record that belongs to ``parent`` (itself loaded with ``get_in_office_or_404``)
    through the relationship path ``via`` (``"case"``, ``"listing.proceeding"``). A record of
    another parent answers 404; when that parent is of another office, the attempt is audited as
    for any other office's record."""
    record = db.session.get(model, object_id)
    if record is None:
        abort(404)
    owner: object = record
    for name in via.split("."):
        owner = getattr(owner, name)
    if owner is not parent:
        if owner.office_id != current_user.office_id:  # type: ignore[attr-defined]
            _refuse_out_of_office(model, object_id)
        abort(404)
    return record


def audit_if_out_of_office(model: type, object_id: int) -> None:
    """Before a 404 for a record the user may not see for another reason (another user's job):
    when the record is another office's, the attempt is audited (and answered 404 here)."""
    record = db.session.get(model, object_id)
    if record is not None and record.office_id != current_user.office_id:
        _refuse_out_of_office(model, object_id)


def _refuse_out_of_office(model: type, object_id: int) -> NoReturn:
    audit.record_alone("access.out_of_office", object_type=model.__tablename__,  # type: ignore[attr-defined]
                       object_id=object_id, success=False, detail="尝试访问其他机构的记录")
    abort(404)
