"""audit log append-only in the database: on PostgreSQL a trigger refuses UPDATE and DELETE

Revision ID: 0014_audit_append_only
Revises: 0013_job_heartbeat
Create Date: 2026-12-04 20:00:00.000000

"""
from alembic import op


revision = '0014_audit_append_only'
down_revision = '0013_job_heartbeat'
branch_labels = None
depends_on = None

FUNCTION = """
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION USING MESSAGE = 'audit_event is append-only: ' || TG_OP || ' refused',
        ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql
"""
TRIGGER = """
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()
"""


def upgrade():
    # SQLite keeps the application's guard (models/audit.py); the file is the server's alone.
    if op.get_bind().dialect.name != 'postgresql':
        return
    op.execute(FUNCTION)
    op.execute(TRIGGER)


def downgrade():
    if op.get_bind().dialect.name != 'postgresql':
        return
    op.execute("DROP TRIGGER IF EXISTS audit_event_append_only ON audit_event")
    op.execute("DROP FUNCTION IF EXISTS audit_event_append_only()")
