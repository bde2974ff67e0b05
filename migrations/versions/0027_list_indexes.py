"""list indexes: the case list and the contractor list read their first page off an index in
their default order, and the clerk's queue finds lapsed payment orders by pay-by date

Revision ID: 0027_list_indexes
Revises: 0026_rule_dirty_set
Create Date: 2026-12-05 18:45:00
"""
from alembic import op


revision = '0027_list_indexes'
down_revision = '0026_rule_dirty_set'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.drop_index('ix_case_office_received')
        batch_op.create_index('ix_case_office_received_id', ['office_id', 'received_on', 'id'],
                              unique=False)
    with op.batch_alter_table('contractor', schema=None) as batch_op:
        batch_op.create_index('ix_contractor_office_name_id', ['office_id', 'name', 'id'],
                              unique=False)
    with op.batch_alter_table('payment_order', schema=None) as batch_op:
        batch_op.create_index('ix_payment_order_pay_by_on_id', ['pay_by_on', 'id'], unique=False)


def downgrade():
    with op.batch_alter_table('payment_order', schema=None) as batch_op:
        batch_op.drop_index('ix_payment_order_pay_by_on_id')
    with op.batch_alter_table('contractor', schema=None) as batch_op:
        batch_op.drop_index('ix_contractor_office_name_id')
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.drop_index('ix_case_office_received_id')
        batch_op.create_index('ix_case_office_received', ['office_id', 'received_on'],
                              unique=False)
