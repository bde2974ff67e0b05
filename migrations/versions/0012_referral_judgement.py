"""referral judgement: the criminal judgement on a referred case (date, court, number)

Revision ID: 0012_referral_judgement
Revises: 0011_second_factor
Create Date: 2026-12-04 19:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


revision = '0012_referral_judgement'
down_revision = '0011_second_factor'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('police_referral', schema=None) as batch_op:
        batch_op.add_column(sa.Column('judgement_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('judgement_court', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('judgement_number', sa.String(length=60), nullable=True))


def downgrade():
    with op.batch_alter_table('police_referral', schema=None) as batch_op:
        batch_op.drop_column('judgement_number')
        batch_op.drop_column('judgement_court')
        batch_op.drop_column('judgement_on')
