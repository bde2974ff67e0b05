"""A column among many ids as one bound parameter: `= ANY(:ids)` with an array on PostgreSQL
(one parameter, whatever the number of ids), an IN list elsewhere (SQLite has no arrays)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from functools import cache, wraps
from typing import Any, ParamSpec, TypeVar

from sqlalchemy import ARRAY, BigInteger, ColumnElement, CompoundSelect, Select, any_, bindparam, func

from wagewatch.extensions import db


P = ParamSpec("P")
T = TypeVar("T")


def _on_postgresql() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


def among(column: Any, ids: Collection[int]) -> ColumnElement[bool]:
    """``column`` equals one of ``ids``: on PostgreSQL the ids travel as one array parameter
    (no statement grows with the list, nothing expands 2,000 placeholders), on SQLite as IN."""
    values = sorted(set(ids))
    if _on_postgresql():
        # A typed array, not its text cast on the server: psycopg dumps a list in Python (about
        # a millisecond per 2,000 ids), but the planner cannot see into a text cast at plan time
        # and walked a whole table in id order for a handful of rows (`rules run`'s referral read).
        return column == any_(bindparam(None, values, type_=ARRAY(BigInteger)))
    return column.in_(values)


def among_bound(column: Any, key: str) -> ColumnElement[bool]:
    """``column`` equals one of the ids bound under ``key`` at execution (a list), as ``among``
    sends them: for a statement built once and executed again with other ids (the compiled form
    and its cache key are then reused). Built for the session's database, as ``among``: a
    statement holding it is kept per kind of database (``built_per_database``)."""
    if _on_postgresql():
        return column == any_(bindparam(key, type_=ARRAY(BigInteger)))
    return column.in_(bindparam(key, expanding=True))


def among_found(column: Any, found: Select | CompoundSelect) -> ColumnElement[bool]:
    """``column`` equals one of the ids ``found`` selects (a search's few thousand matches at
    most): on PostgreSQL gathered into an array first, then each read by ``column``'s index. As
    a plain ``IN (subquery)`` the planner guessed the matches' number from the ids' arrays and,
    guessing some thousands, hashed them against every case of the office (14 ms at 100,000
    cases instead of 2)."""
    if _on_postgresql():
        return column == any_(func.array(found.scalar_subquery()))
    return column.in_(found.scalar_subquery())


def bound_ids(ids: Iterable[int]) -> list[int]:
    """The value to bind for ``among_bound``: the distinct ids, sorted (as ``among`` sends them)."""
    return sorted(set(ids))


def built_per_database(build: Callable[P, T]) -> Callable[P, T]:
    """``build`` (a statement builder) called once per process, per kind of database of the
    session and per arguments: for statements holding ``among_bound``, which differs between
    PostgreSQL and SQLite (one process may serve both, as the test suite does)."""
    kept = cache(lambda database, args, kwargs: build(*args, **dict(kwargs)))

    @wraps(build)
    def built(*args: P.args, **kwargs: P.kwargs) -> T:
        return kept(db.session.get_bind().dialect.name, args, tuple(sorted(kwargs.items())))
    return built


def in_order(statement: Select, column: Any, ids: list[int]) -> list[Any]:
    """The entities ``statement`` reads whose ``column`` is among ``ids``, in the order of ``ids``
    (one statement; an id no longer found is left out): a page found by its ids first is then
    read, with its joins, for those rows alone."""
    found = {getattr(row, column.key): row
             for row in db.session.scalars(statement.where(among(column, ids)))}
    return [found[value] for value in ids if value in found]
