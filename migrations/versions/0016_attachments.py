"""evidence attachments: files of cases and blacklist proceedings, kept by SHA-256

Revision ID: 0016_attachments
Revises: 0015_instruments
Create Date: 2026-12-04 18:43:50.816507

"""
from alembic import op
import sqlalchemy as sa


revision = '0016_attachments'
down_revision = '0015_instruments'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('attachment',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('proceeding_id', sa.Integer(), nullable=True),
    sa.Column('case_worker_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('payment_order_id', sa.Integer(), nullable=True),
    sa.Column('recovery_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('referral_document_id', sa.Integer(), nullable=True),
    sa.Column('listing_notice_id', sa.Integer(), nullable=True),
    sa.Column('listing_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.Enum('identity', 'labour_contract', 'attendance', 'payroll', 'interview_record', 'service_proof', 'payment_voucher', 'other', name='attachmentkind', native_enum=False, length=24), nullable=False),
    sa.Column('content_type', sa.Enum('jpeg', 'png', 'pdf', 'docx', 'xlsx', 'mp4', name='contenttype', native_enum=False, length=8), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size_bytes', sa.BigInteger(), nullable=False),
    sa.Column('page_count', sa.Integer(), nullable=True),
    sa.Column('width', sa.Integer(), nullable=True),
    sa.Column('height', sa.Integer(), nullable=True),
    sa.Column('original_name', sa.String(length=255), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=True),
    sa.Column('uploaded_at', sa.DateTime(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=False),
    sa.Column('withdrawn_at', sa.DateTime(), nullable=True),
    sa.Column('withdrawn_by_id', sa.Integer(), nullable=True),
    sa.Column('withdrawal_reason', sa.Text(), nullable=True),
    sa.CheckConstraint('case_id IS NOT NULL OR proceeding_id IS NOT NULL', name=op.f('ck_attachment_has_owner')),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], name=op.f('fk_attachment_case_id_case')),
    sa.ForeignKeyConstraint(['case_worker_id'], ['case_worker.id'], name=op.f('fk_attachment_case_worker_id_case_worker')),
    sa.ForeignKeyConstraint(['listing_id'], ['listing.id'], name=op.f('fk_attachment_listing_id_listing')),
    sa.ForeignKeyConstraint(['listing_notice_id'], ['listing_notice.id'], name=op.f('fk_attachment_listing_notice_id_listing_notice')),
    sa.ForeignKeyConstraint(['office_id'], ['office.id'], name=op.f('fk_attachment_office_id_office')),
    sa.ForeignKeyConstraint(['payment_order_id'], ['payment_order.id'], name=op.f('fk_attachment_payment_order_id_payment_order')),
    sa.ForeignKeyConstraint(['proceeding_id'], ['blacklist_proceeding.id'], name=op.f('fk_attachment_proceeding_id_blacklist_proceeding')),
    sa.ForeignKeyConstraint(['recovery_id'], ['recovery.id'], name=op.f('fk_attachment_recovery_id_recovery')),
    sa.ForeignKeyConstraint(['referral_document_id'], ['referral_document.id'], name=op.f('fk_attachment_referral_document_id_referral_document')),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['user.id'], name=op.f('fk_attachment_uploaded_by_id_user')),
    sa.ForeignKeyConstraint(['withdrawn_by_id'], ['user.id'], name=op.f('fk_attachment_withdrawn_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attachment'))
    )
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attachment_case_worker_id'), ['case_worker_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attachment_listing_id'), ['listing_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attachment_listing_notice_id'), ['listing_notice_id'], unique=False)
        batch_op.create_index('ix_attachment_office_case', ['office_id', 'case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attachment_payment_order_id'), ['payment_order_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attachment_proceeding_id'), ['proceeding_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attachment_recovery_id'), ['recovery_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attachment_referral_document_id'), ['referral_document_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attachment_sha256'), ['sha256'], unique=False)



def downgrade():
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attachment_sha256'))
        batch_op.drop_index(batch_op.f('ix_attachment_referral_document_id'))
        batch_op.drop_index(batch_op.f('ix_attachment_recovery_id'))
        batch_op.drop_index(batch_op.f('ix_attachment_proceeding_id'))
        batch_op.drop_index(batch_op.f('ix_attachment_payment_order_id'))
        batch_op.drop_index('ix_attachment_office_case')
        batch_op.drop_index(batch_op.f('ix_attachment_listing_notice_id'))
        batch_op.drop_index(batch_op.f('ix_attachment_listing_id'))
        batch_op.drop_index(batch_op.f('ix_attachment_case_worker_id'))

    op.drop_table('attachment')
