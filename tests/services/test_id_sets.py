"""A column among many ids: exactly the rows asked for, in one parameter, on both databases."""

from __future__ import annotations

from sqlalchemy import select

from wagewatch.extensions import db
from wagewatch.models import Township
from wagewatch.services.id_sets import among, among_bound, bound_ids, built_per_database, in_order

from tests.factories import default_office


def _townships(count: int) -> list[int]:
    office = default_office()
    rows = [Township(office_id=office.id, name=f"镇{i}", sort_order=i) for i in range(count)]
    db.session.add_all(rows)
    db.session.flush()
    return [row.id for row in rows]


def test_a_column_among_ids_finds_exactly_those_rows(app):
    ids = _townships(5)

    def found(wanted) -> list[int]:
        return sorted(db.session.scalars(select(Township.id).where(
            among(Township.id, wanted))))

    assert found([ids[3], ids[0], ids[3]]) == [ids[0], ids[3]]   # duplicates, any order
    assert found([]) == []
    assert found([ids[1], max(ids) + 1000]) == [ids[1]]          # an unknown id finds nothing
    every = sorted(db.session.scalars(select(Township.id)))
    assert found(range(min(every) - 5000, max(every) + 5000)) == every  # thousands of ids at once


def test_rows_read_by_ids_come_back_in_the_order_asked(app):
    ids = _townships(4)
    asked = [ids[2], ids[0], max(ids) + 1000, ids[3]]
    read = in_order(select(Township), Township.id, asked)
    assert [t.id for t in read] == [ids[2], ids[0], ids[3]]


def test_one_statement_built_once_reads_other_ids_each_time_it_runs(app):
    ids = _townships(5)
    statement = select(Township.id).where(among_bound(Township.id, "ids"))

    def found(wanted) -> list[int]:
        return sorted(db.session.scalars(statement, {"ids": bound_ids(wanted)}))

    assert found([ids[3], ids[0], ids[3]]) == [ids[0], ids[3]]
    assert found(iter([ids[1], max(ids) + 1000])) == [ids[1]]
    assert found([]) == []
    every = sorted(db.session.scalars(select(Township.id)))
    assert found(range(min(every) - 5000, max(every) + 5000)) == every


def test_a_statement_built_per_database_is_built_once_for_the_same_arguments(app):
    ids = _townships(3)
    built: list[str] = []

    @built_per_database
    def by_ids(column_name: str):
        built.append(column_name)
        return select(Township.id).where(among_bound(getattr(Township, column_name), "ids"))

    first = by_ids("id")
    assert by_ids("id") is first and built == ["id"]
    assert sorted(db.session.scalars(first, {"ids": bound_ids(ids[:2])})) == ids[:2]
    assert sorted(db.session.scalars(by_ids("id"), {"ids": bound_ids(ids[2:])})) == ids[2:]
    by_ids("office_id")
    assert built == ["id", "office_id"]
