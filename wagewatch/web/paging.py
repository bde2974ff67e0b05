"""Pages of long lists whose count stops at a cap ("1,000+"), so a page never counts a million rows;
a list whose order is a keyset moves from page to page after its last row shown instead of by OFFSET."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from math import ceil
from typing import Any

from sqlalchemy import ColumnElement, Select, func, literal, select, tuple_

from wagewatch.extensions import db
from wagewatch.services import capped_counts
from wagewatch.services.plain_rows import rows as plain_rows

#: Rows counted at most; beyond this the list says "1,000+".
COUNT_CAP = 1000
#: The highest page number asked for that is read as such.
MAX_PAGE = 10**6
#: Rows a list pages through at most by ?page= (OFFSET): OFFSET never skips more than this (an index
#: walk of 10,000 entries, a few milliseconds), so a deep page costs what page 200 costs; past it a
#: list without a keyset asks for narrower filters (a keyset list goes on by its next-page link).
MAX_ROWS = 10_000
#: The request arguments of a keyset page: after the last row of the page before, or before the
#: first row of the page after; never both.
CURSOR_ARGS = ("after", "before")


@dataclass(frozen=True)
class Keyset:
    """A list's order as a key that tells every row apart: its columns in the order shown, the last
    one unique (the id), every column in one direction. The page after is the rows past the key of
    the last row shown: an index on (scope, *columns) reads it like the first page."""

    columns: tuple[Any, ...]
    descending: bool = False


@dataclass(frozen=True)
class Cursor:
    """Where a keyset page starts: after (or before) a row's key; ``page`` is its number as shown."""

    page: int
    values: tuple[Any, ...]
    backward: bool = False


@dataclass(frozen=True)
class IdsFirst:
    """How a list whose rows are costly to find but cheap to read by id (a search through an
    index's matches) is paged: one walk reads the ids of up to cap + 1 rows in the list's order,
    which gives the count and every page within it; ``load`` then reads a page's rows by id, in
    the order given. Without it the page and the count would each find the rows again."""

    id_column: Any
    load: Callable[[list[Any]], list[Any]]


class CappedPage:
    """One page of ``query`` and a count capped at ``cap`` rows (one bounded count query, none
    when the first page is not full). A query of one column or entity pages its values; of
    several columns, its rows. With a ``keyset`` (``query`` ordered by it) and a
    ``cursor`` the page is read by the key; the links to the pages before and after carry
    cursors, whatever way this page was reached. With ``ids_first`` a page reached by number
    comes from one walk of the list's ids (``IdsFirst``). ``params`` are the values of the
    query's unvalued bound parameters (a statement built once, the request's values bound)."""

    page: int
    items: list[Any]
    has_next: bool
    has_prev: bool
    at_limit: bool

    def __init__(self, query: Select, page: int, per_page: int, cap: int | None = None, *,
                 keyset: Keyset | None = None, cursor: Cursor | None = None,
                 ids_first: IdsFirst | None = None, params: dict[str, Any] | None = None) -> None:
        self.per_page = per_page
        self._params = params or {}
        # Derived statements kept per statement object only for a statement built once (given
        # with its values): one built per request would be kept, unused, until pushed out.
        self._kept = params is not None
        self.keyset = keyset
        self._as_rows = len(query.column_descriptions) > 1
        cap = COUNT_CAP if cap is None else cap
        first: list[Any] | None = None
        counted: int | None = None
        ids: list[Any] | None = None
        if ids_first is not None and cursor is None:
            ids = list(plain_rows(self._derived(_ids_walk, query, ids_first.id_column, cap + 1),
                                  self._params).scalars().all())
            counted = len(ids)
        elif page <= 1 and cursor is None:  # a first page shorter than a page is its own count
            first = self._read(self._derived(_limited, query, per_page + 1))
            counted = len(first) if len(first) <= per_page else None
        if counted is None:
            counted = _capped_count(self._derived(_bounded_count, query, cap + 1),
                                    query, cap, self._params)
        self.capped = counted > cap
        self.count = min(counted, cap)
        last = max(1, ceil(self.count / per_page))
        if keyset is not None and cursor is not None and self._read_by_key(query, keyset, cursor):
            self.pages = max(last, self.page + (1 if self.has_next else 0))
            return
        # Past the cap the page number is taken as asked (rows exist beyond the count), up to
        # the last page within MAX_ROWS.
        deepest = max(1, MAX_ROWS // per_page)
        self.page = min(max(1, page), deepest) if self.capped else min(max(1, page), last)
        start = (self.page - 1) * per_page
        if ids_first is not None and ids is not None and (
                counted <= cap or start + per_page < len(ids)):  # the walk holds the whole page
            rows = ids_first.load(ids[start:start + per_page + 1])
        else:
            rows = first if first is not None else self._read(
                query.limit(per_page + 1).offset(start))
        self.items = rows[:per_page]
        more = len(rows) > per_page
        #: More rows exist past the deepest page a list offers: narrow the filters to see them.
        self.at_limit = more and self.page >= deepest and keyset is None
        self.has_next = more and not self.at_limit
        self.has_prev = self.page > 1
        self.pages = max(last, self.page + (1 if self.has_next else 0))

    def _derived(self, derive: Any, query: Select, *args: Any) -> Select:
        """``derive(query, *args)``, kept for a statement built once, made afresh otherwise."""
        return derive(query, *args) if self._kept else derive.__wrapped__(query, *args)

    def _read(self, statement: Select) -> list[Any]:
        if self._as_rows:
            return list(db.session.execute(statement, self._params))
        return list(db.session.scalars(statement, self._params).unique())

    def _read_by_key(self, query: Select, keyset: Keyset, cursor: Cursor) -> bool:
        """The page after (or before) the cursor's key; False when the rows before it do not fill
        a page (the list then starts from its first page)."""
        key = tuple_(*keyset.columns)
        bound = tuple_(*(literal(value, column.type)
                         for value, column in zip(cursor.values, keyset.columns, strict=True)))
        forward = keyset.descending == cursor.backward  # the key grows in the reading direction
        condition = key > bound if forward else key < bound
        order = [column.asc() if forward else column.desc() for column in keyset.columns]
        rows = self._read(query.where(condition).order_by(None).order_by(*order)
                          .limit(self.per_page + 1))
        more = len(rows) > self.per_page
        rows = rows[:self.per_page]
        if cursor.backward:
            if not more:
                return False
            rows.reverse()
        self.items = rows
        self.page = max(2, cursor.page) if cursor.backward else max(1, cursor.page)
        self.at_limit = False
        self.has_next = more or cursor.backward
        self.has_prev = cursor.backward or self.page > 1
        return True

    @property
    def total(self) -> str:
        """The count as shown: "123" or "1,000+"."""
        return f"{self.count:,}+" if self.capped else str(self.count)

    @property
    def pages_label(self) -> str:
        return f"{self.pages}+" if self.capped else str(self.pages)

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1

    def prev_args(self, args: dict[str, str], param: str = "page") -> dict[str, str]:
        """The request arguments of the page before: the list's first page without a page number
        or cursor; on a keyset list, the rows before this page's first row."""
        kept = {k: v for k, v in args.items() if k != param and k not in CURSOR_ARGS}
        if self.prev_num == 1:
            return kept
        if self.keyset is None or not self.items:
            return {**kept, param: str(self.prev_num)}
        return {**kept, "before": self._token(self.prev_num, self.items[0])}

    def next_args(self, args: dict[str, str], param: str = "page") -> dict[str, str]:
        """The request arguments of the page after: on a keyset list, the rows after this page's
        last row (carrying the page number shown), otherwise ?page=N."""
        kept = {k: v for k, v in args.items() if k != param and k not in CURSOR_ARGS}
        if self.keyset is None or not self.items:
            return {**kept, param: str(self.next_num)}
        return {**kept, "after": self._token(self.next_num, self.items[-1])}

    def _token(self, page: int, row: Any) -> str:
        assert self.keyset is not None
        values = [_plain(getattr(row, column.key)) for column in self.keyset.columns]
        text = json.dumps([page, *values], ensure_ascii=False, separators=(",", ":"))
        return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _typed(value: Any, column: ColumnElement[Any]) -> Any:
    """A cursor's JSON value as the column's Python type; ValueError or TypeError if it is not one."""
    kind = column.type.python_type
    if kind is datetime:
        return datetime.fromisoformat(value)
    if kind is date:
        return date.fromisoformat(value)
    if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
        raise TypeError(value)
    if kind is str and not isinstance(value, str):
        raise TypeError(value)
    return value


def cursor(keyset: Keyset | None) -> Cursor | None:
    """The keyset cursor of the request (?after= or ?before=), or None when there is none or it
    does not fit the list's key (an old or edited link: the list then pages by ?page=)."""
    from flask import request

    if keyset is None:
        return None
    for name in CURSOR_ARGS:
        token = request.args.get(name, "")
        if not token or len(token) > 2000:
            continue
        try:
            data = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
            if not isinstance(data, list) or len(data) != len(keyset.columns) + 1:
                return None
            page, *values = data
            if isinstance(page, bool) or not isinstance(page, int) or not 1 <= page <= MAX_PAGE:
                return None
            typed = tuple(_typed(value, column)
                          for value, column in zip(values, keyset.columns, strict=True))
        except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
            return None
        return Cursor(page, typed, backward=name == "before")
    return None


def _capped_count(count: Select, query: Select, cap: int, params: dict[str, Any]) -> int:
    """The rows of ``query`` up to one past ``cap``, read in one bounded count; a count of the same
    statement with the same values found past the cap within capped_counts.CAPPED_SECONDS (in
    this process) is taken as past it without counting again: a busy office's long lists (the
    blacklist candidates, the police list) walked a thousand and one index entries on every
    visit to print "1,000+". ``count`` is the bounded count of ``query`` (_bounded_count)."""
    key = _count_key(query, cap, params)
    known = capped_counts.known_capped(key) if key is not None else {}
    counted = cap + 1 if "count" in known else (
        db.session.scalar(count, params) or 0)
    if key is not None:
        capped_counts.remember_capped(key, known, {"count"} if counted > cap else set())
    return counted


# A list's statement built once (its values given as ``params``) is derived once too: SQLAlchemy
# works a statement's cache key out once per statement object, some 0.1 ms for a list's, and a
# statement derived afresh on every visit is keyed afresh. Kept per statement object, for
# statements built once only (CappedPage._derived).


@lru_cache(maxsize=512)
def _limited(query: Select, limit: int) -> Select:
    return query.limit(limit)


@lru_cache(maxsize=512)
def _ids_walk(query: Select, id_column: Any, limit: int) -> Select:
    return query.with_only_columns(id_column).limit(limit)


@lru_cache(maxsize=512)
def _bounded_count(query: Select, limit: int) -> Select:
    return select(func.count()).select_from(query.order_by(None).limit(limit).subquery())


def _count_key(query: Select, cap: int, params: dict[str, Any]) -> tuple | None:
    """What tells one count apart: the statement's shape (SQLAlchemy's cache key), every value
    bound into it or given with it (``params``) and the cap; None when a value cannot be
    compared (nothing is remembered)."""
    cache_key = query._generate_cache_key()
    if cache_key is None:
        return None
    values = tuple(_comparable(bound.effective_value) for bound in cache_key.bindparams)
    given = tuple(sorted((name, _comparable(value)) for name, value in params.items()))
    key = ("capped_page", cache_key.key, values, given, cap)
    try:
        hash(key)
    except TypeError:
        return None
    return key


def _comparable(value: Any) -> Any:
    """A bound value in a hashable form (the id arrays of ``among`` are lists)."""
    if isinstance(value, (list, tuple)):
        return tuple(_comparable(item) for item in value)
    if isinstance(value, (set, frozenset)):
        return frozenset(value)
    return value


def page_number(name: str = "page") -> int:
    """The ?page= (or ?NAME=) of the request: 1 for anything that is not a positive number; a number past
    ``MAX_PAGE`` (however long) is taken as ``MAX_PAGE``, which the list turns into its last page."""
    from flask import request

    value = request.args.get(name, "1")
    digits = value.lstrip("0") if value.isascii() and value.isdigit() else ""
    if not digits:
        return 1
    return MAX_PAGE if len(digits) > 7 else min(int(digits), MAX_PAGE)
