"""The SQL statements the app sends while a block runs, for tests of how many it sends."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event

from wagewatch.extensions import db


@contextmanager
def sent_statements(bind: Any = None) -> Iterator[list[str]]:
    """Every statement sent through ``bind`` (the app's engine unless given) inside the block, in
    order; the list fills while the block runs."""
    bind = bind if bind is not None else db.engine
    sent: list[str] = []

    def keep(_connection, _cursor, statement, *_args) -> None:
        sent.append(statement)

    event.listen(bind, "before_cursor_execute", keep)
    try:
        yield sent
    finally:
        event.remove(bind, "before_cursor_execute", keep)
