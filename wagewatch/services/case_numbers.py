"""Case numbers: unique and gap-free per office and year, even under parallel registration."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from wagewatch.extensions import db
from wagewatch.models import CaseNumberCounter, Office


def format_case_number(pattern: str, year: int, seq: int) -> str:
    """Fill an office's pattern such as ``经开劳监〔{year}〕{seq:04d}号``."""
    return pattern.format(year=year, seq=seq)


def take_case_number(office: Office, year: int) -> tuple[int, str]:
    """Take the next sequence number of ``office`` in ``year`` inside the caller's transaction.

    The counter row is created if missing (INSERT ... ON CONFLICT DO NOTHING) and incremented with
    UPDATE ... RETURNING, which locks the row until the case is committed; a rolled-back
    registration gives its number back, so numbers have no gaps (security.md item 19).
    """
    insert = pg_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
    db.session.execute(
        insert(CaseNumberCounter)
        .values(office_id=office.id, year=year, last_seq=0)
        .on_conflict_do_nothing(index_elements=["office_id", "year"])
    )
    seq = db.session.execute(
        update(CaseNumberCounter)
        .where(CaseNumberCounter.office_id == office.id, CaseNumberCounter.year == year)
        .values(last_seq=CaseNumberCounter.last_seq + 1)
        .returning(CaseNumberCounter.last_seq)
        .execution_options(synchronize_session=False)
    ).scalar_one()
    return seq, format_case_number(office.case_number_format, year, seq)
