"""A column among many ids as one bound parameter: `= ANY(:ids)` with an array on PostgreSQL
(one parameter, whatever the number of ids), an IN list elsewhere (SQLite has no arrays)."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import ARRAY, BigInteger, ColumnElement, Select, Text, any_, bindparam, cast

from wagewatch.extensions import db


def among(column: Any, ids: Collection[int]) -> ColumnElement[bool]:
    """``column`` equals one of ``ids``: on PostgreSQL the ids travel as one array parameter
    (no statement grows with the list, nothing expands 2,000 placeholders), on SQLite as IN."""
    values = sorted(set(ids))
    if db.session.get_bind().dialect.name == "postgresql":
        # Sent as the array's text: psycopg dumps a list of ints one element at a time in Python
        # (about a millisecond per 2,000 ids, and `rules run` sends thousands of such lists),
        # where the text is joined in C and parsed by the server.
        text = "{" + ",".join(map(str, values)) + "}"
        return column == any_(cast(bindparam(None, text, type_=Text), ARRAY(BigInteger)))
    return column.in_(values)


def in_order(statement: Select, column: Any, ids: list[int]) -> list[Any]:
    """The entities ``statement`` reads whose ``column`` is among ``ids``, in the order of ``ids``
    (one statement; an id no longer found is left out): a page found by its ids first is then
    read, with its joins, for those rows alone."""
    found = {getattr(row, column.key): row
             for row in db.session.scalars(statement.where(among(column, ids)))}
    return [found[value] for value in ids if value in found]
