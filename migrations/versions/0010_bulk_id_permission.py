"""bulk personal data: the per-user permission to export full ID numbers, the stated purpose

Revision ID: 0010_bulk_id_permission
Revises: 0009_monthly_report
Create Date: 2026-12-04 19:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0010_bulk_id_permission'
down_revision = '0009_monthly_report'
branch_labels = None
depends_on = None


def upgrade():
    # Added nullable, filled (nobody holds the permission until an administrator grants it),
    # then made NOT NULL.
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('may_export_full_ids', sa.Boolean(), nullable=True))
    op.execute(sa.text('UPDATE "user" SET may_export_full_ids = false'))
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.alter_column('may_export_full_ids', existing_type=sa.Boolean(), nullable=False)
    with op.batch_alter_table('export_job', schema=None) as batch_op:
        batch_op.add_column(sa.Column('purpose', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('export_job', schema=None) as batch_op:
        batch_op.drop_column('purpose')
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('may_export_full_ids')
