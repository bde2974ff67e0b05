"""The audit log is append-only: the app refuses edits, and PostgreSQL refuses raw SQL too."""

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from wagewatch.extensions import db
from wagewatch.models import AuditEvent
from wagewatch.services import audit


def test_the_app_never_updates_or_deletes_an_audit_entry(app):
    event = audit.record("login.failure", success=False, detail="x")
    db.session.commit()
    event.detail = "changed"
    with pytest.raises(PermissionError):
        db.session.commit()
    db.session.rollback()
    db.session.delete(db.session.get(AuditEvent, event.id))
    with pytest.raises(PermissionError):
        db.session.commit()
    db.session.rollback()


@pytest.mark.parametrize("statement", ["UPDATE audit_event SET detail = 'rewritten'",
                                       "DELETE FROM audit_event"])
def test_postgresql_refuses_a_raw_update_or_delete(app, statement):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite keeps the application's guard")
    audit.record("login.failure", success=False, detail="original")
    db.session.commit()
    with pytest.raises(DBAPIError, match="append-only"):
        db.session.execute(text(statement))
    db.session.rollback()
    assert db.session.scalar(db.select(AuditEvent.detail)) == "original"
