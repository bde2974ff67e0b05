"""daily reminder digests and users' e-mail addresses

Revision ID: 0020_reminder_digest
Revises: 0019_page_visit
Create Date: 2026-12-05 09:00:00

Each user's digest of due work per day (shown in the app, e-mailed where SMTP is configured),
and the optional e-mail address it goes to.
"""
from alembic import op
import sqlalchemy as sa


revision = '0020_reminder_digest'
down_revision = '0019_page_visit'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('reminder_digest',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('lines', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('emailed_at', sa.DateTime(), nullable=True),
    sa.Column('read_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_reminder_digest_user_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reminder_digest')),
    sa.UniqueConstraint('user_id', 'day', name=op.f('uq_reminder_digest_user_id'))
    )
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email', sa.String(length=254), nullable=True))


def downgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('email')
    op.drop_table('reminder_digest')
