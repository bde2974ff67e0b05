"""PostgreSQL backup and restore as docs/operations.md describes them: pg_dump's custom format,
pg_restore into a new database, and the app working on the copy (security.md item 20)."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from wagewatch import create_app
from wagewatch.extensions import db
from wagewatch.models import AuditEvent, Case, IssuedDocument, User, Worker
from wagewatch.services import audit

from tests.conftest import INSTANCE, app_config
from tests.factories import issue_served_order
from tests.instruments.factories import accepted_case

pytestmark = pytest.mark.committing


def _libpq(url) -> str:
    """The URL as pg_dump and pg_restore read it (no SQLAlchemy driver name)."""
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


@pytest.fixture
def restore_url(app):
    """A new, empty database beside the test database; dropped afterwards."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite is backed up with `flask backup` (tests/cli/test_commands.py)")
    if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.skip("pg_dump/pg_restore are not installed")
    source = db.engine.url
    target = source.set(database=f"{source.database}_restored")
    admin = create_engine(source.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{target.database}"'))
        connection.execute(text(f'CREATE DATABASE "{target.database}"'))
    yield target
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
    admin.dispose()


def test_a_pg_dump_restores_into_a_new_database_that_the_app_runs_on(app, restore_url, tmp_path):
    clerk_case = accepted_case()
    order = issue_served_order(clerk_case, issued_on=date(2026, 9, 29), actor=clerk_case.handler)
    audit.record("login.failure", success=False, detail="before the backup")
    db.session.commit()
    expected = {
        "case": clerk_case.number,
        "ids": sorted(db.session.scalars(db.select(Worker.id_number))),
        "document": db.session.scalar(db.select(IssuedDocument.sha256)
                                      .where(IssuedDocument.number == order.document_number)),
        "audit": db.session.scalar(db.select(db.func.count(AuditEvent.id))),
        "users": db.session.scalar(db.select(db.func.count(User.id))),
    }
    dump = tmp_path / "wagewatch.dump"
    subprocess.run(["pg_dump", "--format=custom", "--no-owner", f"--file={dump}",
                    _libpq(db.engine.url)], check=True, capture_output=True, timeout=120)
    subprocess.run(["pg_restore", "--no-owner", "--exit-on-error", "--single-transaction",
                    f"--dbname={_libpq(restore_url)}", str(dump)],
                   check=True, capture_output=True, timeout=120)

    restored = create_app(app_config(_libpq(restore_url)), instance_path=INSTANCE)
    with restored.app_context():
        try:
            case = db.session.scalar(db.select(Case))
            assert case.number == expected["case"]
            assert sorted(db.session.scalars(db.select(Worker.id_number))) == expected["ids"]
            assert db.session.scalar(db.select(IssuedDocument.sha256).where(
                IssuedDocument.number == order.document_number)) == expected["document"]
            assert db.session.scalar(db.select(db.func.count(AuditEvent.id))) == expected["audit"]
            assert db.session.scalar(db.select(db.func.count(User.id))) == expected["users"]
            # The sequences came along: a new entry takes the next id, not one already used.
            audit.record("login.failure", success=False, detail="after the restore")
            db.session.commit()
            assert db.session.scalar(db.select(db.func.count(AuditEvent.id))) == (
                expected["audit"] + 1)
            # And the audit table is append-only in the copy too.
            with pytest.raises(DBAPIError, match="append-only"):
                db.session.execute(text("DELETE FROM audit_event"))
            db.session.rollback()
        finally:
            db.session.remove()
            db.engine.dispose()
