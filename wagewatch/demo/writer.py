"""The batched writer of demo data: explicit ids, per-table row buffers, COPY or Core bulk inserts."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, cast

from sqlalchemy import Column, Table, func, insert, select, text

from wagewatch.extensions import db
from wagewatch.models import (
    Case, CaseEvent, CaseParty, CaseWorker, Contractor, ContractorPerson, PaymentOrder,
    PaymentOrderItem, PoliceReferral, Project, ProjectParticipant, Recovery, RecoveryAllocation,
    ReferralDocument, ReferralEvent, SearchGram, Worker,
)
from wagewatch.models.search import gram_rows

#: Tables in foreign-key order: a chunk is inserted in this order and committed at the end.
TABLES: tuple[Table, ...] = tuple(model.__table__ for model in (  # type: ignore[misc]
    Contractor, ContractorPerson, Project, ProjectParticipant, Worker, Case, CaseParty,
    CaseWorker, PaymentOrder, PaymentOrderItem, Recovery, RecoveryAllocation, CaseEvent,
    PoliceReferral, ReferralDocument, ReferralEvent,
))
#: Rows per INSERT ... executemany; a few thousand keeps statements and memory small.
INSERT_BATCH_ROWS = 4000
#: On PostgreSQL the rows go through COPY ... FROM STDIN (several times faster than executemany);
#: False forces executemany there too (the tests compare both paths). SQLite always uses executemany.
USE_COPY = True

Row = dict[str, Any]


class Ids:
    """The next explicit primary key per table, starting after the largest id already stored."""

    def __init__(self, tables: Iterable[Table] = TABLES) -> None:
        self._next = {
            table.name: (db.session.scalar(select(func.max(table.c.id))) or 0) + 1
            for table in tables
        }

    def take(self, table: str) -> int:
        value = self._next[table]
        self._next[table] = value + 1
        return value

    def peek(self, table: str) -> int:
        return self._next[table]


class Batch:
    """Row buffers for one chunk; ``flush`` inserts them table by table and forgets them."""

    def __init__(self) -> None:
        self.rows: dict[str, list[Row]] = {table.name: [] for table in TABLES}
        self.totals: dict[str, int] = {table.name: 0 for table in TABLES}

    def add(self, table: str, row: Row) -> None:
        self.rows[table].append(row)

    def flush(self) -> None:
        """Insert every buffered row (no ORM objects, no identity map): COPY on PostgreSQL,
        SQLAlchemy Core executemany elsewhere."""
        for table in TABLES:
            rows = self.rows[table.name]
            write_rows(table, rows)
            self.totals[table.name] += len(rows)
            if table.name in {"worker", "contractor"}:
                self._index_names(table.name, rows)
            rows.clear()

    @staticmethod
    def _index_names(kind: str, rows: list[Row]) -> None:
        """The search side index of the names just inserted (no ORM events fire for Core inserts)."""
        grams: list[Row] = []
        for row in rows:
            grams.extend(gram_rows(kind, row["id"], row["office_id"], row.get("name"),
                                   row.get("short_name"), row.get("normalised_name")))
        write_rows(cast(Table, SearchGram.__table__), grams)


def write_rows(table: Table, rows: list[Row]) -> None:
    """Insert ``rows`` (dicts with the same keys) into ``table`` in the session's transaction."""
    if not rows:
        return
    if USE_COPY and db.session.get_bind().dialect.name == "postgresql":
        _copy(table, rows)
        return
    for start in range(0, len(rows), INSERT_BATCH_ROWS):
        db.session.execute(insert(table), rows[start:start + INSERT_BATCH_ROWS])


def _copy(table: Table, rows: list[Row]) -> None:
    """COPY ``rows`` into ``table`` through psycopg 3, with the values executemany would send:
    the columns named by the first row, plus the columns with a Python-side default (filled as
    SQLAlchemy fills them, per row), each value through its column type's bind processor. Columns
    with neither (an id left to its sequence) take their server default."""
    connection = db.session.connection()
    dialect = connection.dialect
    keys = rows[0].keys()
    columns = [c for c in table.columns if c.name in keys or c.default is not None]
    fillers: list[tuple[str, Callable[[Row], Any], Callable[[Any], Any] | None]] = [
        (column.name, _filler(column, column.name in keys),
         column.type._cached_bind_processor(dialect))
        for column in columns]
    names = ", ".join(f'"{column.name}"' for column in columns)
    driver = connection.connection.driver_connection
    assert driver is not None
    with driver.cursor() as cursor, cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
        for row in rows:
            values = []
            for _name, fill, process in fillers:
                value = fill(row)
                values.append(process(value) if process is not None and value is not None else value)
            copy.write_row(values)


def _filler(column: Column[Any], given: bool) -> Callable[[Row], Any]:
    """How one column's value is taken from a row: the row's value, else its Python default."""
    name = column.name
    default = column.default
    if given or default is None:
        return lambda row: row[name]
    arg = default.arg  # type: ignore[attr-defined]
    if default.is_callable:
        return lambda row: row[name] if name in row else arg(None)
    return lambda row: row.get(name, arg)


def sync_sequences() -> None:
    """Move PostgreSQL's id sequences past the explicit ids, so later inserts by the app do not
    collide with them (SQLite takes max(rowid)+1 by itself)."""
    if db.session.get_bind().dialect.name != "postgresql":
        return
    for table in TABLES:
        # setval(..., NULL) on an empty table is a no-op (the function is strict).
        db.session.execute(
            text("SELECT setval(pg_get_serial_sequence(:name, 'id'), "
                 f'(SELECT max(id) FROM "{table.name}"))'),
            {"name": f'"{table.name}"'})
