"""The audit log is append-only: the app refuses edits, and PostgreSQL refuses raw SQL too."""

from typing import cast

import pytest
from sqlalchemy import Table, delete, text, update
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


@pytest.mark.parametrize("statement", [update(AuditEvent).values(detail="changed"),
                                       delete(AuditEvent),
                                       delete(cast(Table, AuditEvent.__table__))])
def test_the_app_never_sends_an_update_or_delete_statement_for_the_audit_log(app, statement):
    audit.record("login.failure", success=False, detail="original")
    db.session.commit()
    with pytest.raises(PermissionError):
        db.session.execute(statement)
    db.session.rollback()
    assert db.session.scalar(db.select(AuditEvent.detail)) == "original"


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
