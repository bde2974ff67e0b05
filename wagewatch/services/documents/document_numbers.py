"""Instrument numbers (文号): gap-free per office, kind and year, even under parallel issuing."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from wagewatch.extensions import db
from wagewatch.models import DocumentNumberCounter, Office
from wagewatch.rules.document_numbers import format_number


def format_document_number(pattern: str, code: str, year: int, seq: int) -> str:
    """Fill an office's pattern such as ``经开劳监{code}〔{year}〕{seq:03d}号``
    (rules/document_numbers.py)."""
    return format_number(pattern, year=year, seq=seq, code=code)


def take_document_number(office: Office, kind: str, code: str, year: int) -> str:
    """Take the next number of ``kind`` for ``office`` in ``year`` inside the caller's transaction.

    Like case numbers: the counter row is created if missing (INSERT ... ON CONFLICT DO NOTHING)
    and incremented with UPDATE ... RETURNING, which holds the row lock until the issuing
    transaction ends; a rolled-back issue gives its number back, so there are no gaps.
    """
    insert = pg_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
    db.session.execute(
        insert(DocumentNumberCounter)
        .values(office_id=office.id, kind=kind, year=year, last_seq=0)
        .on_conflict_do_nothing(index_elements=["office_id", "kind", "year"]))
    seq = db.session.execute(
        update(DocumentNumberCounter)
        .where(DocumentNumberCounter.office_id == office.id, DocumentNumberCounter.kind == kind,
               DocumentNumberCounter.year == year)
        .values(last_seq=DocumentNumberCounter.last_seq + 1)
        .returning(DocumentNumberCounter.last_seq)
        .execution_options(synchronize_session=False)
    ).scalar_one()
    return format_document_number(office.document_number_format, code, year, seq)


def move_document_counter_past(office: Office, kind: str, year: int, seq: int) -> None:
    """Make sure the office's next number of ``kind`` in ``year`` comes after ``seq`` (an imported
    instrument kept its number); inside the caller's transaction, locking the counter row like
    take_document_number."""
    insert = pg_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
    db.session.execute(
        insert(DocumentNumberCounter)
        .values(office_id=office.id, kind=kind, year=year, last_seq=0)
        .on_conflict_do_nothing(index_elements=["office_id", "kind", "year"]))
    db.session.execute(
        update(DocumentNumberCounter)
        .where(DocumentNumberCounter.office_id == office.id, DocumentNumberCounter.kind == kind,
               DocumentNumberCounter.year == year, DocumentNumberCounter.last_seq < seq)
        .values(last_seq=seq)
        .execution_options(synchronize_session=False))
