"""case file: a blacklist notice may be issued before it is served (its service date and method
empty until the service is recorded); the referral checklist's unused "present" tick dropped
(an item counts only with a file behind it)

Revision ID: 0024_case_file_service
Revises: 0023_recovery_code_hashes
Create Date: 2026-12-05 13:10:00
"""
import sqlalchemy as sa
from alembic import op


revision = '0024_case_file_service'
down_revision = '0023_recovery_code_hashes'
branch_labels = None
depends_on = None

SERVICE_METHOD = sa.Enum('in_person', 'family_member', 'receiving_person', 'posted', 'left',
                         'entrusted', 'postal', 'public_notice', 'electronic',
                         name='servicemethod', native_enum=False, length=24)


def upgrade():
    with op.batch_alter_table('listing_notice', schema=None) as batch_op:
        batch_op.alter_column('served_on', existing_type=sa.Date(), nullable=True)
        batch_op.alter_column('service_method', existing_type=SERVICE_METHOD, nullable=True)
    with op.batch_alter_table('referral_document', schema=None) as batch_op:
        batch_op.drop_column('present')


def downgrade():
    unserved = op.get_bind().execute(sa.text(
        "SELECT COUNT(*) FROM listing_notice WHERE served_on IS NULL")).scalar()
    if unserved:
        raise RuntimeError(f"{unserved} blacklist notices are issued but not served; the older "
                           "schema cannot hold them. Record their service or keep this revision.")
    with op.batch_alter_table('referral_document', schema=None) as batch_op:
        batch_op.add_column(sa.Column('present', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
    with op.batch_alter_table('referral_document', schema=None) as batch_op:
        batch_op.alter_column('present', existing_type=sa.Boolean(), server_default=None)
    with op.batch_alter_table('listing_notice', schema=None) as batch_op:
        batch_op.alter_column('served_on', existing_type=sa.Date(), nullable=False)
        batch_op.alter_column('service_method', existing_type=SERVICE_METHOD, nullable=False)
