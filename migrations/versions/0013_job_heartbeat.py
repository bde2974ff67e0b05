"""jobs: a heartbeat (a job whose worker died is failed within a minute) and a result

Revision ID: 0013_job_heartbeat
Revises: 0012_referral_judgement
Create Date: 2026-12-04 19:50:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0013_job_heartbeat'
down_revision = '0012_referral_judgement'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('export_job', schema=None) as batch_op:
        batch_op.add_column(sa.Column('heartbeat_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('result', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('export_job', schema=None) as batch_op:
        batch_op.drop_column('result')
        batch_op.drop_column('heartbeat_at')
