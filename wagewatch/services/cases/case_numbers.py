"""Case numbers: unique and gap-free per office and year, even under parallel registration."""

from __future__ import annotations

import re
from string import Formatter

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from wagewatch.extensions import db
from wagewatch.models import CaseNumberCounter, Office
from wagewatch.rules.document_numbers import format_number


def format_case_number(pattern: str, year: int, seq: int) -> str:
    """Fill an office's pattern such as ``经开劳监〔{year}〕{seq:04d}号`` (rules/document_numbers.py)."""
    return format_number(pattern, year=year, seq=seq)


def _ensure_counter(office: Office, year: int) -> None:
    """Create the office's counter row for ``year`` if missing (INSERT ... ON CONFLICT DO
    NOTHING, safe when two transactions race to create it)."""
    insert = pg_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
    db.session.execute(
        insert(CaseNumberCounter)
        .values(office_id=office.id, year=year, last_seq=0)
        .on_conflict_do_nothing(index_elements=["office_id", "year"])
    )


def take_case_number(office: Office, year: int) -> tuple[int, str]:
    """Take the next sequence number of ``office`` in ``year`` inside the caller's transaction.

    The counter row is created if missing (INSERT ... ON CONFLICT DO NOTHING) and incremented with
    UPDATE ... RETURNING, which locks the row until the case is committed; a rolled-back
    registration gives its number back, so numbers have no gaps (security.md item 19).
    """
    return take_case_numbers(office, year, 1)[0]


def take_case_numbers(office: Office, year: int, count: int) -> list[tuple[int, str]]:
    """Take the next ``count`` sequence numbers of ``office`` in ``year`` at once, in order, as
    :func:`take_case_number` takes one: one UPDATE ... RETURNING moves the counter by ``count``
    and locks it until the caller's transaction ends, so the numbers have no gaps either."""
    if count < 1:
        return []
    _ensure_counter(office, year)
    last = db.session.execute(
        update(CaseNumberCounter)
        .where(CaseNumberCounter.office_id == office.id, CaseNumberCounter.year == year)
        .values(last_seq=CaseNumberCounter.last_seq + count)
        .returning(CaseNumberCounter.last_seq)
        .execution_options(synchronize_session=False)
    ).scalar_one()
    return [(seq, format_case_number(office.case_number_format, year, seq))
            for seq in range(last - count + 1, last + 1)]


def parse_case_number(pattern: str, number: str) -> tuple[int, int] | None:
    """The (year, seq) of a number written exactly in the office's pattern, else None."""
    regex = ""
    for literal, name, _spec, _conversion in Formatter().parse(pattern):
        regex += re.escape(literal)
        if name == "year":
            regex += r"(?P<year>\d{4})"
        elif name == "seq":
            regex += r"(?P<seq>\d{1,9})"
        elif name is not None:
            return None
    match = re.fullmatch(regex, number)
    if not match or "year" not in match.groupdict() or "seq" not in match.groupdict():
        return None
    year, seq = int(match["year"]), int(match["seq"])
    if seq < 1 or format_case_number(pattern, year, seq) != number:
        return None  # e.g. 〔2026〕12号 where the office writes 〔2026〕0012号
    return year, seq


def move_counter_past(office: Office, year: int, seq: int) -> None:
    """Make sure the office's next number in ``year`` comes after ``seq`` (an imported case kept
    its number); inside the caller's transaction, locking the counter row like take_case_number."""
    _ensure_counter(office, year)
    db.session.execute(
        update(CaseNumberCounter)
        .where(CaseNumberCounter.office_id == office.id, CaseNumberCounter.year == year,
               CaseNumberCounter.last_seq < seq)
        .values(last_seq=seq)
        .execution_options(synchronize_session=False)
    )
