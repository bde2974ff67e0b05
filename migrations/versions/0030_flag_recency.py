"""flag recency: the current flags of an office by when they were decided, so the police home's
newly flagged contractors read the newest few instead of sorting every current flag

Revision ID: 0030_flag_recency
Revises: 0028_rule_decision_lapse
Create Date: 2026-12-06 10:30:00
"""
import sqlalchemy as sa
from alembic import op


revision = '0030_flag_recency'
down_revision = '0028_rule_decision_lapse'
branch_labels = None
depends_on = None

CURRENT_FLAG = {"postgresql_where": sa.text("flagged IS true AND superseded_at IS NULL"),
                "sqlite_where": sa.text("flagged IS 1 AND superseded_at IS NULL")}


def upgrade():
    with op.batch_alter_table('rule_decision', schema=None) as batch_op:
        batch_op.create_index('ix_rule_decision_flag_recent', ['office_id', 'decided_at', 'id'],
                              unique=False, **CURRENT_FLAG)


def downgrade():
    with op.batch_alter_table('rule_decision', schema=None) as batch_op:
        batch_op.drop_index('ix_rule_decision_flag_recent')
