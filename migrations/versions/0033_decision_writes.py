"""decision writes: the rule decision's office is no longer a foreign key, and the index on
(office, rule, flagged, superseded) is dropped. `rules run` writes a decision per flagged case
(290,000 at a million cases): checking each row's office key-share-locked the same office row from
every writing process, for a guarantee the column hardly needs (it copies the case's office for
the lists' indexes; the case and contractor keys stay), and no query used the index (the lists
read the partial current-flag indexes). Together a tenth of a full run at a million cases
(benchmarks/README.md).

Revision ID: 0033_decision_writes
Revises: 0032_decision_lz4
Create Date: 2026-12-08 03:40:00
"""
from alembic import op


revision = '0033_decision_writes'
down_revision = '0032_decision_lz4'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('rule_decision', schema=None) as batch_op:
        batch_op.drop_index('ix_rule_decision_current')
        batch_op.drop_constraint('fk_rule_decision_office_id_office', type_='foreignkey')


def downgrade():
    with op.batch_alter_table('rule_decision', schema=None) as batch_op:
        batch_op.create_foreign_key('fk_rule_decision_office_id_office', 'office', ['office_id'],
                                    ['id'])
        batch_op.create_index('ix_rule_decision_current',
                              ['office_id', 'rule', 'flagged', 'superseded_at'], unique=False)
