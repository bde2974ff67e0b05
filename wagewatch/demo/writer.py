"""The batched writer of demo data: explicit ids, per-table row buffers, COPY or Core bulk inserts."""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

from sqlalchemy import Table, func, select, text

from wagewatch.bulk_rows import Row, write_rows
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
