"""rules: crime thresholds per region, stored rule decisions

Revision ID: 0003_rules
Revises: 0002_case_registry
Create Date: 2026-11-28 17:07:51.872316

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003_rules'
down_revision = '0002_case_registry'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('crime_threshold',
    sa.Column('region', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('single_worker_yuan', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('group_yuan', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['updated_by_id'], ['user.id'], name=op.f('fk_crime_threshold_updated_by_id_user')),
    sa.PrimaryKeyConstraint('region', name=op.f('pk_crime_threshold'))
    )
    op.create_table('rule_decision',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('contractor_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('rule', sa.String(length=32), nullable=False),
    sa.Column('flagged', sa.Boolean(), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('reasons', sa.JSON(), nullable=False),
    sa.Column('as_of', sa.Date(), nullable=False),
    sa.Column('decided_at', sa.DateTime(), nullable=False),
    sa.Column('superseded_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], name=op.f('fk_rule_decision_case_id_case')),
    sa.ForeignKeyConstraint(['contractor_id'], ['contractor.id'], name=op.f('fk_rule_decision_contractor_id_contractor')),
    sa.ForeignKeyConstraint(['office_id'], ['office.id'], name=op.f('fk_rule_decision_office_id_office')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rule_decision'))
    )
    with op.batch_alter_table('rule_decision', schema=None) as batch_op:
        batch_op.create_index('ix_rule_decision_case', ['case_id', 'rule', 'superseded_at'], unique=False)
        batch_op.create_index('ix_rule_decision_contractor', ['contractor_id', 'rule', 'decided_at'], unique=False)
        batch_op.create_index('ix_rule_decision_current', ['office_id', 'rule', 'flagged', 'superseded_at'], unique=False)

    # Existing offices apply Jiangsu's figures (the default) until the administrator chooses.
    with op.batch_alter_table('office', schema=None) as batch_op:
        batch_op.add_column(sa.Column('region', sa.String(length=32), nullable=True))
    office = sa.table('office', sa.column('region', sa.String(32)))
    op.execute(office.update().values(region='jiangsu'))
    with op.batch_alter_table('office', schema=None) as batch_op:
        batch_op.alter_column('region', existing_type=sa.String(length=32), nullable=False)


def downgrade():
    with op.batch_alter_table('office', schema=None) as batch_op:
        batch_op.drop_column('region')

    with op.batch_alter_table('rule_decision', schema=None) as batch_op:
        batch_op.drop_index('ix_rule_decision_current')
        batch_op.drop_index('ix_rule_decision_contractor')
        batch_op.drop_index('ix_rule_decision_case')

    op.drop_table('rule_decision')
    op.drop_table('crime_threshold')
