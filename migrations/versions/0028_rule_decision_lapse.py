"""rule decision lapse: the pay-by day at whose end the case's served order lapsed unpaid, stored
on each decision (written by the evaluation), and the current flags indexed by it, so the
blacklist candidates and the police's flagged contractors are read in order, not aggregated

Revision ID: 0028_rule_decision_lapse
Revises: 0029_home_indexes
Create Date: 2026-12-06 02:00:00
"""
import sqlalchemy as sa
from alembic import op


revision = '0028_rule_decision_lapse'
down_revision = '0029_home_indexes'
branch_labels = None
depends_on = None

CURRENT_FLAG = {"postgresql_where": sa.text("flagged IS true AND superseded_at IS NULL"),
                "sqlite_where": sa.text("flagged IS 1 AND superseded_at IS NULL")}

#: One statement over the table: each decision's lapse is the earliest pay-by day that its met
#: "payment_order_unpaid" reason states for the decision's own case (rules.flags.lapsed_on).
BACKFILL = {
    "postgresql": """
        UPDATE rule_decision AS d SET lapsed_on = found.day
        FROM (SELECT d2.id, min((o.value ->> 'pay_by_on')::date) AS day
              FROM rule_decision AS d2
              JOIN "case" AS c ON c.id = d2.case_id
              CROSS JOIN LATERAL json_array_elements(d2.reasons -> 'reasons') AS r(value)
              CROSS JOIN LATERAL json_array_elements(
                  CASE WHEN json_typeof(r.value -> 'facts' -> 'orders') = 'array'
                       THEN r.value -> 'facts' -> 'orders' ELSE '[]'::json END) AS o(value)
              WHERE r.value ->> 'condition' = 'payment_order_unpaid'
                AND r.value ->> 'met' = 'true'
                AND o.value ->> 'case_number' = c.number
              GROUP BY d2.id) AS found
        WHERE d.id = found.id""",
    "sqlite": """
        UPDATE rule_decision SET lapsed_on = (
            SELECT min(json_extract(o.value, '$.pay_by_on'))
            FROM "case" AS c, json_each(rule_decision.reasons, '$.reasons') AS r,
                 json_each(r.value, '$.facts.orders') AS o
            WHERE c.id = rule_decision.case_id
              AND json_extract(r.value, '$.condition') = 'payment_order_unpaid'
              AND json_extract(r.value, '$.met') = 1
              AND json_extract(o.value, '$.case_number') = c.number)
        WHERE case_id IS NOT NULL""",
}


def upgrade():
    with op.batch_alter_table('rule_decision', schema=None) as batch_op:
        batch_op.add_column(sa.Column('lapsed_on', sa.Date(), nullable=True))
    op.execute(BACKFILL[op.get_bind().dialect.name])
    with op.batch_alter_table('rule_decision', schema=None) as batch_op:
        batch_op.create_index('ix_rule_decision_flag_lapse',
                              ['office_id', 'lapsed_on', 'contractor_id'], unique=False,
                              **CURRENT_FLAG)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ANALYZE rule_decision")  # the new index and column planned with statistics


def downgrade():
    with op.batch_alter_table('rule_decision', schema=None) as batch_op:
        batch_op.drop_index('ix_rule_decision_flag_lapse')
        batch_op.drop_column('lapsed_on')
