"""The name side index: each worker's and contractor's characters and character pairs, kept on write."""

from __future__ import annotations

from typing import cast

from sqlalchemy import BigInteger, Index, String, Table, delete, event, insert
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.orm.attributes import instance_state

from wagewatch.models.base import Base
from wagewatch.models.contractor import Contractor
from wagewatch.models.worker import Worker
from wagewatch.rules.search_terms import name_grams

WORKER = "worker"
CONTRACTOR = "contractor"


class SearchGram(Base):
    """One character or character pair of a worker's or contractor's name.

    A plain side table rather than FTS5 or a GIN array: the same table and B-tree index serve
    SQLite and PostgreSQL, two-character fragments (which trigram indexes cannot serve) are an
    equality lookup, and it is kept in the same transaction as the name it indexes.
    """

    __tablename__ = "search_gram"
    __table_args__ = (
        Index("ix_search_gram_lookup", "office_id", "kind", "gram", "record_id"),
    )

    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    record_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    gram: Mapped[str] = mapped_column(String(2), primary_key=True)
    office_id: Mapped[int]


def gram_rows(kind: str, record_id: int, office_id: int, *names: str | None) -> list[dict]:
    """The side-index rows of one record's names."""
    grams = set().union(*(name_grams(n) for n in names))
    return [{"kind": kind, "record_id": record_id, "office_id": office_id, "gram": g}
            for g in sorted(grams)]


def _write(connection: Connection, kind: str, record_id: int, office_id: int,
           *names: str | None) -> None:
    table = cast(Table, SearchGram.__table__)
    connection.execute(delete(table).where(table.c.kind == kind, table.c.record_id == record_id))
    rows = gram_rows(kind, record_id, office_id, *names)
    if rows:
        connection.execute(insert(table), rows)


def _changed(target: object, *attributes: str) -> bool:
    state = instance_state(target)
    return any(state.attrs[a].history.has_changes() for a in attributes)


@event.listens_for(Worker, "after_insert")
def _worker_inserted(_mapper, connection, target) -> None:
    _write(connection, WORKER, target.id, target.office_id, target.name)


@event.listens_for(Worker, "after_update")
def _worker_updated(_mapper, connection, target) -> None:
    if _changed(target, "name", "office_id"):
        _write(connection, WORKER, target.id, target.office_id, target.name)


@event.listens_for(Contractor, "after_insert")
def _contractor_inserted(_mapper, connection, target) -> None:
    _write(connection, CONTRACTOR, target.id, target.office_id, target.name, target.short_name,
           target.normalised_name)


@event.listens_for(Contractor, "after_update")
def _contractor_updated(_mapper, connection, target) -> None:
    if _changed(target, "name", "short_name", "normalised_name", "office_id"):
        _write(connection, CONTRACTOR, target.id, target.office_id, target.name, target.short_name,
               target.normalised_name)


@event.listens_for(Worker, "after_delete")
def _worker_deleted(_mapper, connection, target) -> None:
    _write(connection, WORKER, target.id, target.office_id)


@event.listens_for(Contractor, "after_delete")
def _contractor_deleted(_mapper, connection, target) -> None:
    _write(connection, CONTRACTOR, target.id, target.office_id)
