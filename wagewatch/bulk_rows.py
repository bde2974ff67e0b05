"""Writing many rows without the ORM: COPY ... FROM STDIN on PostgreSQL, Core executemany elsewhere."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Column, Table, insert

from wagewatch.extensions import db

#: Rows per INSERT ... executemany; a few thousand keeps statements and memory small.
INSERT_BATCH_ROWS = 4000
#: On PostgreSQL the rows go through COPY ... FROM STDIN (several times faster than executemany);
#: False forces executemany there too (the tests compare both paths). SQLite always uses executemany.
USE_COPY = True

Row = dict[str, Any]


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
