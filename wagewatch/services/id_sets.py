"""A column among many ids as one bound parameter: `= ANY(:ids)` with an array on PostgreSQL
(one parameter, whatever the number of ids), an IN list elsewhere (SQLite has no arrays)."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import ARRAY, BigInteger, ColumnElement, any_, bindparam

from wagewatch.extensions import db


def among(column: Any, ids: Collection[int]) -> ColumnElement[bool]:
    """``column`` equals one of ``ids``: on PostgreSQL the ids travel as one array parameter
    (no statement grows with the list, nothing expands 2,000 placeholders), on SQLite as IN."""
    values = sorted(set(ids))
    if db.session.get_bind().dialect.name == "postgresql":
        return column == any_(bindparam(None, values, type_=ARRAY(BigInteger)))
    return column.in_(values)
