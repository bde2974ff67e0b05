"""The townships (镇街) a list's filter offers: an office's active ones, in their set order."""

from __future__ import annotations

from functools import cache

from sqlalchemy import Select, select

from wagewatch.extensions import db
from wagewatch.models import Township
from wagewatch.services.bound_values import OFFICE


def active_townships(office_id: int) -> list[tuple[int, str]]:
    """(id, name) of the office's active townships, in the order the administrator set: read as
    plain values by a statement built once, for the filter of every case and blacklist list."""
    return list(db.session.execute(_active_statement(), {"office_id": office_id}).tuples())


@cache
def _active_statement() -> Select:
    return (select(Township.id, Township.name).where(Township.office_id == OFFICE, Township.active)
            .order_by(Township.sort_order, Township.id))
