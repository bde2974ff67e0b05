"""A request that only read ends its transaction with COMMIT, so PostgreSQL keeps its prepared statements.

psycopg prepares a statement on the server once a connection has sent it five times, and forgets
every prepared statement on each ROLLBACK (a rolled-back transaction may have undone a PREPARE),
counting uses from zero again. Flask-SQLAlchemy ends every request with a rollback, so no
statement ever reached the threshold across requests and PostgreSQL parsed and planned each
page's statements afresh every time: most of the database server's CPU on the clerk's home and
the case page (benchmarks/README.md). For a transaction that only read, COMMIT and ROLLBACK are
the same to the database (nothing kept, the same locks released); ending it with COMMIT keeps the
connection's prepared statements for the next request.

A transaction still rolls back, as before, when it sent anything but a SELECT, when a statement
failed, when the session holds changes the view did not commit, or when the request ended in an
error. The mark is kept per database transaction (cleared when one begins or ends), never per
savepoint: writes before a savepoint must not be forgotten by it.
"""

from __future__ import annotations

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

from wagewatch.extensions import db

#: The connection's mark that its current transaction must roll back: it wrote or failed.
MUST_ROLL_BACK = "wagewatch_must_roll_back"


@event.listens_for(Engine, "after_cursor_execute")
def _mark_writes(conn, cursor, statement: str, parameters, context, executemany) -> None:
    if statement.lstrip()[:6].upper() != "SELECT":
        conn.info[MUST_ROLL_BACK] = True


@event.listens_for(Engine, "handle_error")
def _mark_failures(context) -> None:
    if context.connection is not None:
        context.connection.info[MUST_ROLL_BACK] = True


@event.listens_for(Engine, "begin")
@event.listens_for(Engine, "commit")
@event.listens_for(Engine, "rollback")
def _clear_mark(conn) -> None:
    conn.info.pop(MUST_ROLL_BACK, None)


def only_read() -> bool:
    """Whether this app context's session is in a transaction that sent only SELECTs, all of
    which succeeded, and holds no changes of its own (new, changed or deleted objects)."""
    if not db.session.registry.has():  # the request never touched the database
        return False
    session = db.session()
    if not session.in_transaction() or session.new or session.dirty or session.deleted:
        return False
    return not session.connection().info.get(MUST_ROLL_BACK, False)


def init_app(app: Flask) -> None:
    """Register after ``db.init_app``: Flask runs teardowns in reverse order, so this one ends a
    read-only transaction before Flask-SQLAlchemy removes the session (whose close rolls back)."""

    @app.teardown_appcontext
    def end_read_transaction(error: BaseException | None) -> None:
        if error is None and only_read():
            db.session.commit()
