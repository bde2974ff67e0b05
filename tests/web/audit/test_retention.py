"""Audit retention as docs/operations.md writes it: the application's role cannot remove, rewrite
or unprotect audit entries; the owner role's retention transaction removes only what is older
than 6 months and leaves the table append-only again (security.md item 16, issue 11 item 13)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from wagewatch.extensions import db
from wagewatch.models import utcnow

pytestmark = pytest.mark.committing

OPERATIONS = Path(__file__).resolve().parents[3] / "docs" / "operations.md"


def _documented_blocks() -> tuple[list[str], list[str]]:
    """The grant block and the retention block of operations.md, statement by statement."""
    section = OPERATIONS.read_text(encoding="utf-8").split("## The audit log is append-only")[1]
    section = section.split("\n## ")[0]
    blocks = [[s.strip() for s in b.split(";") if s.strip()]
              for b in re.findall(r"```sql\n(.*?)```", section, flags=re.DOTALL)]
    assert len(blocks) == 2, "operations.md: the grant block and the retention block"
    grants, retention = blocks
    assert retention[0] == "BEGIN" and retention[-1] == "COMMIT"
    return grants, retention[1:-1]  # the test's own transaction stands for BEGIN ... COMMIT


def _as(role: str, statements: list[str]) -> list[str]:
    return [re.sub(r"\bwagewatch_(app|owner)\b", lambda m: f"{role}_{m.group(1)}", s)
            for s in statements]


def _refused(connection: Connection, statement: str, message: str) -> None:
    savepoint = connection.begin_nested()
    with pytest.raises(DBAPIError, match=message):
        connection.execute(text(statement))
    savepoint.rollback()


def _entry(connection: Connection, action: str, age: timedelta) -> None:
    connection.execute(text("INSERT INTO audit_event (occurred_at, action, success) "
                            "VALUES (:at, :action, true)"),
                       {"at": utcnow() - age, "action": action})


def _actions(connection: Connection) -> list[str]:
    return list(connection.execute(text("SELECT action FROM audit_event ORDER BY id")).scalars())


@pytest.fixture
def roles(app) -> Iterator[tuple[Connection, str]]:
    """The owner and application roles of operations.md, in one transaction rolled back at the
    end (roles are shared by the whole server, so their names carry this database's name)."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has no database roles; the application's guard is tested elsewhere")
    with db.engine.connect() as connection:
        transaction = connection.begin()
        prefix = connection.execute(text("SELECT current_database()")).scalar_one()
        for kind in ("owner", "app"):
            connection.execute(text(f'CREATE ROLE "{prefix}_{kind}" NOLOGIN'))
        for table in db.metadata.sorted_tables:  # the owner role owns the tables, as in production
            connection.execute(text(f'ALTER TABLE "{table.name}" OWNER TO "{prefix}_owner"'))
        connection.execute(text(f'SET ROLE "{prefix}_owner"'))
        grants, _ = _documented_blocks()
        for statement in _as(prefix, grants):
            connection.execute(text(statement))
        yield connection, prefix
        connection.execute(text("RESET ROLE"))
        transaction.rollback()


def test_the_application_role_can_only_add_to_the_audit_log(roles):
    connection, prefix = roles
    _entry(connection, "login.success", timedelta(days=400))
    connection.execute(text(f'SET ROLE "{prefix}_app"'))
    _entry(connection, "login.failure", timedelta(0))  # the application still writes entries
    _, retention = _documented_blocks()
    for statement in ("UPDATE audit_event SET detail = 'rewritten'", "DELETE FROM audit_event",
                      retention[1]):
        _refused(connection, statement, "append-only")
    _refused(connection, "TRUNCATE audit_event", "permission denied")
    for statement in (retention[0], "DROP TRIGGER audit_event_append_only ON audit_event"):
        _refused(connection, statement, "must be owner")
    assert _actions(connection) == ["login.success", "login.failure"]


def test_the_owner_roles_retention_removes_only_entries_past_six_months(roles):
    connection, prefix = roles
    for action, days in (("case.create", 200), ("case.update", 170), ("login.success", 1)):
        _entry(connection, action, timedelta(days=days))
    connection.execute(text(f'SET ROLE "{prefix}_owner"'))
    _, retention = _documented_blocks()
    for statement in retention:
        connection.execute(text(statement))
    assert _actions(connection) == ["case.update", "login.success"]
    # The trigger is on again: neither the owner nor the application removes anything more.
    for role in ("owner", "app"):
        connection.execute(text(f'SET ROLE "{prefix}_{role}"'))
        _refused(connection, "DELETE FROM audit_event", "append-only")
    assert _actions(connection) == ["case.update", "login.success"]
