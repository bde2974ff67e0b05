"""calendar years: a year beyond the package is known only once its schedule is marked complete

Revision ID: 0018_calendar_year
Revises: 0017_search_index
Create Date: 2026-12-05 04:40:00

Overrides alone used to make a year known. After this revision no later year is complete until an
administrator marks it, so the stored deadline marks of open cases reaching past the package's
last year are set back to provisional here (the next recount gives the detailed reason).
"""
from datetime import date

from alembic import op
import sqlalchemy as sa
from chinese_calendar import constants as official


revision = '0018_calendar_year'
down_revision = '0017_search_index'
branch_labels = None
depends_on = None

OPEN_STATUSES = ("registered", "investigating", "payment_ordered")


def upgrade():
    op.create_table('calendar_year',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('complete', sa.Boolean(), nullable=False),
    sa.Column('notice_reference', sa.String(length=100), nullable=False),
    sa.Column('completed_at', sa.DateTime(), nullable=True),
    sa.Column('completed_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['completed_by_id'], ['user.id'], name=op.f('fk_calendar_year_completed_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calendar_year')),
    sa.UniqueConstraint('year', name=op.f('uq_calendar_year_year'))
    )
    first_unknown = date(max(official.holidays).year + 1, 1, 1)
    case = sa.table('case', sa.column('status', sa.String), sa.column('next_due_on', sa.Date),
                    sa.column('due_provisional', sa.Boolean))
    op.execute(case.update()
               .where(case.c.status.in_(OPEN_STATUSES), case.c.next_due_on >= first_unknown)
               .values(due_provisional=True))
    order = sa.table('payment_order', sa.column('pay_by_on', sa.Date),
                     sa.column('pay_by_provisional', sa.Boolean))
    op.execute(order.update().where(order.c.pay_by_on >= first_unknown)
               .values(pay_by_provisional=True))


def downgrade():
    op.drop_table('calendar_year')
