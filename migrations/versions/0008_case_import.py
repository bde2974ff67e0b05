"""case imports

Revision ID: 0008_case_import
Revises: 0007_export_job
Create Date: 2026-11-28 19:15:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008_case_import'
down_revision = '0007_export_job'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('case_import',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('file_name', sa.String(length=200), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('imported_sha256', sa.String(length=64), nullable=True),
    sa.Column('imported', sa.Boolean(), nullable=False),
    sa.Column('case_count', sa.Integer(), nullable=False),
    sa.Column('worker_count', sa.Integer(), nullable=False),
    sa.Column('new_contractor_count', sa.Integer(), nullable=False),
    sa.Column('new_project_count', sa.Integer(), nullable=False),
    sa.Column('error_count', sa.Integer(), nullable=False),
    sa.Column('errors', sa.JSON(), nullable=True),
    sa.Column('case_ids', sa.JSON(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['office_id'], ['office.id'], name=op.f('fk_case_import_office_id_office')),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_case_import_user_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_import')),
    sa.UniqueConstraint('office_id', 'imported_sha256', name='uq_case_import_office_id_imported_sha256')
    )
    with op.batch_alter_table('case_import', schema=None) as batch_op:
        batch_op.create_index('ix_case_import_office_sha256', ['office_id', 'sha256'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_import_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('case_import', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_import_user_id'))
        batch_op.drop_index('ix_case_import_office_sha256')

    op.drop_table('case_import')
