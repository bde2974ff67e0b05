"""The name side index: each worker's and contractor's characters and character pairs, kept on write."""

from __future__ import annotations

from typing import cast

from sqlalchemy import BigInteger, Index, String, Table, delete, event, insert
from sqlalchemy.orm import Mapped, Session, mapped_column, object_session
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


#: session.info key: the records of the flush in progress whose names changed, by (kind, id),
#: with the office and the names to index (none when the record was deleted).
_PENDING = "search_gram_pending"


def _note(target: object, kind: str, *names: str | None) -> None:
    """Remember a record whose grams the flush in progress must rewrite."""
    session = object_session(target)
    if session is not None:
        pending = session.info.setdefault(_PENDING, {})
        pending[kind, target.id] = (target.office_id, names)  # type: ignore[attr-defined]


@event.listens_for(Session, "before_flush")
def _start(session: Session, _context, _instances) -> None:
    # Whatever a failed flush noted was rolled back with it.
    session.info.pop(_PENDING, None)


@event.listens_for(Session, "after_flush")
def _write_pending(session: Session, _context) -> None:
    """Rewrite the grams of every record the flush inserted, renamed or deleted: one DELETE per
    kind and one multi-row INSERT, instead of two statements per record (a case of 30 workers
    was 60 round trips). The DELETE also clears grams left under a reused id."""
    pending: dict[tuple[str, int], tuple[int, tuple[str | None, ...]]] = session.info.pop(
        _PENDING, None) or {}
    if not pending:
        return
    table = cast(Table, SearchGram.__table__)
    connection = session.connection()
    for kind in (WORKER, CONTRACTOR):
        ids = sorted(record_id for k, record_id in pending if k == kind)
        for start in range(0, len(ids), 500):
            connection.execute(delete(table).where(table.c.kind == kind,
                                                   table.c.record_id.in_(ids[start:start + 500])))
    rows = [row for (kind, record_id), (office_id, names) in pending.items()
            for row in gram_rows(kind, record_id, office_id, *names)]
    if rows:
        connection.execute(insert(table), rows)


def _changed(target: object, *attributes: str) -> bool:
    state = instance_state(target)
    return any(state.attrs[a].history.has_changes() for a in attributes)


@event.listens_for(Worker, "after_insert")
def _worker_inserted(_mapper, _connection, target) -> None:
    _note(target, WORKER, target.name)


@event.listens_for(Worker, "after_update")
def _worker_updated(_mapper, _connection, target) -> None:
    if _changed(target, "name", "office_id"):
        _note(target, WORKER, target.name)


@event.listens_for(Contractor, "after_insert")
def _contractor_inserted(_mapper, _connection, target) -> None:
    _note(target, CONTRACTOR, target.name, target.short_name, target.normalised_name)


@event.listens_for(Contractor, "after_update")
def _contractor_updated(_mapper, _connection, target) -> None:
    if _changed(target, "name", "short_name", "normalised_name", "office_id"):
        _note(target, CONTRACTOR, target.name, target.short_name, target.normalised_name)


@event.listens_for(Worker, "after_delete")
def _worker_deleted(_mapper, _connection, target) -> None:
    _note(target, WORKER)


@event.listens_for(Contractor, "after_delete")
def _contractor_deleted(_mapper, _connection, target) -> None:
    _note(target, CONTRACTOR)
