"""referral flag index: the referrals that cite a rule decision, so deleting decisions (a purge
of superseded ones, a benchmark's reset) checks each against an index instead of scanning every
referral per deleted row (PostgreSQL indexes no referencing column by itself)

Revision ID: 0031_referral_flag_index
Revises: 0030_flag_recency
Create Date: 2026-12-07 13:40:00
"""
import sqlalchemy as sa
from alembic import op


revision = '0031_referral_flag_index'
down_revision = '0030_flag_recency'
branch_labels = None
depends_on = None

CITING = {"postgresql_where": sa.text("rule_decision_id IS NOT NULL"),
          "sqlite_where": sa.text("rule_decision_id IS NOT NULL")}


def upgrade():
    with op.batch_alter_table('police_referral', schema=None) as batch_op:
        batch_op.create_index('ix_police_referral_rule_decision', ['rule_decision_id'],
                              unique=False, **CITING)


def downgrade():
    with op.batch_alter_table('police_referral', schema=None) as batch_op:
        batch_op.drop_index('ix_police_referral_rule_decision')
