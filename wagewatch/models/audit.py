"""The append-only audit log (security.md item 16)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import DDL, JSON, ForeignKey, Index, String, Text
from sqlalchemy import event
from sqlalchemy.orm import Mapped, ORMExecuteState, Session, mapped_column

from wagewatch.models.base import Base, BigIntPK, utcnow


class AuditEvent(Base):
    """Who did what to which object, when, from where, and with what result; never edited."""

    __tablename__ = "audit_event"
    __table_args__ = (
        Index("ix_audit_event_occurred_at", "occurred_at"),
        Index("ix_audit_event_action", "action"),
        Index("ix_audit_event_object", "object_type", "object_id"),
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    actor_username: Mapped[str | None] = mapped_column(String(64))
    actor_role: Mapped[str | None] = mapped_column(String(16))
    office_id: Mapped[int | None] = mapped_column(ForeignKey("office.id"))
    source_ip: Mapped[str | None] = mapped_column(String(45))
    action: Mapped[str] = mapped_column(String(64))
    object_type: Mapped[str | None] = mapped_column(String(32))
    object_id: Mapped[str | None] = mapped_column(String(64))
    success: Mapped[bool] = mapped_column(default=True)
    changes: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    detail: Mapped[str | None] = mapped_column(Text)


@event.listens_for(Session, "before_flush")
def _refuse_audit_changes(session: Session, flush_context, instances) -> None:
    """The audit log is append-only: the application never updates or deletes an entry."""
    for obj in (*session.dirty, *session.deleted):
        if isinstance(obj, AuditEvent):
            raise PermissionError("audit events are append-only")


@event.listens_for(Session, "do_orm_execute")
def _refuse_audit_statements(state: ORMExecuteState) -> None:
    """Nor through an UPDATE or DELETE statement (ORM or Core) sent through the session."""
    table = getattr(state.statement, "table", None)
    if (state.is_update or state.is_delete) and getattr(table, "name", None) == "audit_event":
        raise PermissionError("audit events are append-only")


#: On PostgreSQL the database itself refuses UPDATE and DELETE on the audit log, whoever asks
#: (migration 0014 adds the same trigger; retention goes through a separate role, see
#: docs/operations.md). SQLite keeps the application's guard above.
APPEND_ONLY_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION USING MESSAGE = 'audit_event is append-only: ' || TG_OP || ' refused',
        ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql
"""
APPEND_ONLY_TRIGGER = """
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()
"""
event.listen(AuditEvent.__table__, "after_create",
             DDL(APPEND_ONLY_FUNCTION).execute_if(dialect="postgresql"))
event.listen(AuditEvent.__table__, "after_create",
             DDL(APPEND_ONLY_TRIGGER).execute_if(dialect="postgresql"))
