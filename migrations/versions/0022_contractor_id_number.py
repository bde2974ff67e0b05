"""contractor ID number index: the search finds an individual contractor by ID number by index

Revision ID: 0022_contractor_id_number
Revises: 0021_referral_pack
Create Date: 2026-12-05 08:40:00
"""
from alembic import op


revision = '0022_contractor_id_number'
down_revision = '0021_referral_pack'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('contractor', schema=None) as batch_op:
        batch_op.create_index('ix_contractor_office_id_number', ['office_id', 'id_number'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('contractor', schema=None) as batch_op:
        batch_op.drop_index('ix_contractor_office_id_number')
