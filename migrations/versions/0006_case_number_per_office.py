"""case numbers unique per office; search indexes

Revision ID: 0006_case_number_per_office
Revises: 0005_blacklist_referral
Create Date: 2026-11-28 17:49:40.290586

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0006_case_number_per_office'
down_revision = '0005_blacklist_referral'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_case_number'), type_='unique')
        batch_op.create_index('ix_case_office_township_status', ['office_id', 'township_id', 'status', 'received_on'], unique=False)
        batch_op.create_unique_constraint('uq_case_office_id_number', ['office_id', 'number'])

    with op.batch_alter_table('worker', schema=None) as batch_op:
        batch_op.create_index('ix_worker_office_name', ['office_id', 'name'], unique=False)



def downgrade():
    with op.batch_alter_table('worker', schema=None) as batch_op:
        batch_op.drop_index('ix_worker_office_name')

    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.drop_constraint('uq_case_office_id_number', type_='unique')
        batch_op.drop_index('ix_case_office_township_status')
        batch_op.create_unique_constraint(batch_op.f('uq_case_number'), ['number'])

