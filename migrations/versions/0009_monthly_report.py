"""monthly report: issued versions, the office's cut-off day, indexes for the period sums

Revision ID: 0009_monthly_report
Revises: 0008_case_import
Create Date: 2026-11-28 19:10:16.102350

"""
from alembic import op
import sqlalchemy as sa


revision = '0009_monthly_report'
down_revision = '0008_case_import'
branch_labels = None
depends_on = None

INDEXES = (
    ('case', 'ix_case_office_accepted', ['office_id', 'accepted_on']),
    ('case', 'ix_case_office_closed', ['office_id', 'closed_on']),
    ('case', 'ix_case_office_status_due', ['office_id', 'status', 'next_due_on']),
    ('payment_order', 'ix_payment_order_issued_on', ['issued_on']),
    ('payment_order', 'ix_payment_order_extra_compensation_ordered_on',
     ['extra_compensation_ordered_on']),
    ('recovery', 'ix_recovery_paid_on', ['paid_on']),
    ('police_referral', 'ix_police_referral_office_handed_over', ['office_id', 'handed_over_at']),
    ('police_referral', 'ix_police_referral_office_decided', ['office_id', 'police_decided_at']),
)


def upgrade():
    op.create_table('monthly_report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('period', sa.String(length=7), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('first_day', sa.Date(), nullable=False),
    sa.Column('last_day', sa.Date(), nullable=False),
    sa.Column('cutoff_day', sa.Integer(), nullable=True),
    sa.Column('figures', sa.JSON(), nullable=False),
    sa.Column('workbook', sa.LargeBinary(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('issued_by_id', sa.Integer(), nullable=False),
    sa.Column('issued_at', sa.DateTime(), nullable=False),
    sa.Column('reissue_reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['issued_by_id'], ['user.id'], name=op.f('fk_monthly_report_issued_by_id_user')),
    sa.ForeignKeyConstraint(['office_id'], ['office.id'], name=op.f('fk_monthly_report_office_id_office')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_monthly_report')),
    sa.UniqueConstraint('office_id', 'period', 'version', name='uq_monthly_report_office_id_period_version')
    )
    with op.batch_alter_table('monthly_report', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_monthly_report_office_id'), ['office_id'], unique=False)

    with op.batch_alter_table('office', schema=None) as batch_op:
        batch_op.add_column(sa.Column('report_cutoff_day', sa.Integer(), nullable=True))

    # Plain CREATE INDEX (no batch): a table rebuild of case on a large database is not needed.
    for table, name, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)


def downgrade():
    for table, name, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table)

    with op.batch_alter_table('office', schema=None) as batch_op:
        batch_op.drop_column('report_cutoff_day')

    with op.batch_alter_table('monthly_report', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_monthly_report_office_id'))

    op.drop_table('monthly_report')
