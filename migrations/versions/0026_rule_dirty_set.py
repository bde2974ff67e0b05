"""rules over sets: the employers whose rule facts changed since the last run (marked by the
use cases), and the runs with the day each judged deadlines on

Revision ID: 0026_rule_dirty_set
Revises: 0024_case_file_service
Create Date: 2026-12-05 17:30:00
"""
import sqlalchemy as sa
from alembic import op


revision = '0026_rule_dirty_set'
down_revision = '0024_case_file_service'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'rule_dirty_employer',
        sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
        sa.Column('contractor_id', sa.Integer(), nullable=False),
        sa.Column('marked_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_rule_dirty_employer')),
    )
    with op.batch_alter_table('rule_dirty_employer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rule_dirty_employer_contractor_id'),
                              ['contractor_id'], unique=False)
    op.create_table(
        'rule_run',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('office_id', sa.Integer(), nullable=True),
        sa.Column('as_of', sa.Date(), nullable=False),
        sa.Column('everything', sa.Boolean(), nullable=False),
        sa.Column('employers', sa.Integer(), nullable=False),
        sa.Column('evaluated', sa.Integer(), nullable=False),
        sa.Column('changed', sa.Integer(), nullable=False),
        sa.Column('started_at', sa.DateTime(), nullable=False),
        sa.Column('finished_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['office_id'], ['office.id'],
                                name=op.f('fk_rule_run_office_id_office')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_rule_run')),
    )


def downgrade():
    op.drop_table('rule_run')
    with op.batch_alter_table('rule_dirty_employer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rule_dirty_employer_contractor_id'))
    op.drop_table('rule_dirty_employer')
