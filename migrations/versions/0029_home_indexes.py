"""home indexes: a clerk's own open cases by status and deadline (the dashboard's counts and
lists), the office's referrals by the limit of their current step (overdue count, queue)

Revision ID: 0029_home_indexes
Revises: 0027_list_indexes
Create Date: 2026-12-06 02:35:00
"""
from alembic import op


revision = '0029_home_indexes'
down_revision = '0027_list_indexes'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.create_index('ix_case_office_handler_status_due',
                              ['office_id', 'handler_id', 'status', 'next_due_on'], unique=False)
    with op.batch_alter_table('police_referral', schema=None) as batch_op:
        batch_op.create_index('ix_police_referral_office_next_due', ['office_id', 'next_due_at'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('police_referral', schema=None) as batch_op:
        batch_op.drop_index('ix_police_referral_office_next_due')
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.drop_index('ix_case_office_handler_status_due')
