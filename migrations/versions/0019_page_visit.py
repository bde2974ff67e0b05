"""page visits: the police home's "flagged since your last visit"; the clerk queue's index

Revision ID: 0019_page_visit
Revises: 0018_calendar_year
Create Date: 2026-12-05 08:20:00

A user's last and previous visit of a page (the police home lists the contractors flagged since
the previous visit), and an index for the clerk's queue of investigations near their limit.
"""
from alembic import op
import sqlalchemy as sa


revision = '0019_page_visit'
down_revision = '0018_calendar_year'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('page_visit',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('page', sa.String(length=32), nullable=False),
    sa.Column('visited_at', sa.DateTime(), nullable=False),
    sa.Column('previous_visited_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_page_visit_user_id_user')),
    sa.PrimaryKeyConstraint('user_id', 'page', name=op.f('pk_page_visit'))
    )
    op.create_index('ix_case_office_status_investigation_due', 'case',
                    ['office_id', 'status', 'investigation_due_on'], unique=False)


def downgrade():
    op.drop_index('ix_case_office_status_investigation_due', table_name='case')
    op.drop_table('page_visit')
