"""Demo seeding on PostgreSQL: the COPY path writes the rows executemany writes, and the app inserts after it."""

from __future__ import annotations

import pytest
from typing import cast

from sqlalchemy import Table, func, select, text

from tests import factories
from tests.conftest import _empty_all_tables
from wagewatch import bulk_rows
from wagewatch.demo import seed, writer
from wagewatch.extensions import db
from wagewatch.models import CaseNumberCounter, Contractor, SearchGram, Worker

pytestmark = pytest.mark.committing

CASES = 80
#: Every table the seeder writes, the search side index included.
WRITTEN: tuple[Table, ...] = (*writer.TABLES, cast(Table, SearchGram.__table__),
                              cast(Table, CaseNumberCounter.__table__))


@pytest.fixture(autouse=True)
def _postgresql_only(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("COPY is PostgreSQL's; SQLite always uses executemany")


def _every_row() -> dict[str, list[tuple]]:
    rows = {}
    for table in WRITTEN:
        rows[table.name] = [tuple(r) for r in db.session.execute(
            select(table).order_by(*table.primary_key.columns))]
    return rows


def _seed_by(use_copy: bool, monkeypatch) -> dict[str, list[tuple]]:
    monkeypatch.setattr(bulk_rows, "USE_COPY", use_copy)
    seed(CASES, 3, factories.default_office())
    return _every_row()


def test_copy_writes_the_same_rows_as_executemany_in_every_table(app, monkeypatch):
    by_executemany = _seed_by(False, monkeypatch)
    _empty_all_tables()
    factories.make_office()
    by_copy = _seed_by(True, monkeypatch)
    for table in WRITTEN:
        assert by_copy[table.name] == by_executemany[table.name], table.name
    assert len(by_copy["case"]) == CASES
    assert all(by_copy[t.name] for t in WRITTEN if t.name not in {"police_referral", "referral_document",
                                                                  "referral_event"})


def test_after_copy_the_sequences_are_past_every_seeded_id_and_the_app_inserts(app, monkeypatch):
    monkeypatch.setattr(bulk_rows, "USE_COPY", True)
    office = factories.default_office()
    seed(CASES, 3, office)
    largest_worker = db.session.scalar(select(func.max(Worker.id)))
    largest_contractor = db.session.scalar(select(func.max(Contractor.id)))
    for table in WRITTEN:
        if "id" not in table.c:
            continue
        largest = db.session.scalar(select(func.max(table.c.id)))
        following = db.session.scalar(text(f"SELECT nextval(pg_get_serial_sequence('\"{table.name}\"', 'id'))"))
        assert largest is None or following > largest, table.name
    worker = Worker(office_id=office.id, name="张三", id_number="11010519491231002X")
    db.session.add(worker)
    db.session.commit()
    contractor = factories.make_contractor(name="徐州新登记建设有限公司")
    assert worker.id > largest_worker and contractor.id > largest_contractor
    found = db.session.scalars(select(SearchGram.gram).where(SearchGram.kind == "contractor")
                               .where(SearchGram.record_id == contractor.id)).all()
    assert found
