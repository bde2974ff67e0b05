"""referral pack: the police hand-over pack frozen at hand-over, and the pack the police received

Revision ID: 0021_referral_pack
Revises: 0020_reminder_digest
Create Date: 2026-12-05 08:20:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0021_referral_pack'
down_revision = '0020_reminder_digest'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('referral_pack',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('referral_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('item_count', sa.Integer(), nullable=False),
    sa.Column('total_bytes', sa.BigInteger(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_referral_pack_created_by_id_user')),
    sa.ForeignKeyConstraint(['referral_id'], ['police_referral.id'], name=op.f('fk_referral_pack_referral_id_police_referral')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_referral_pack')),
    sa.UniqueConstraint('referral_id', name=op.f('uq_referral_pack_referral_id'))
    )
    op.create_table('referral_pack_item',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('pack_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('item_kind', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('document_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('attachment_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size_bytes', sa.BigInteger(), nullable=False),
    sa.Column('pages', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['attachment_id'], ['attachment.id'], name=op.f('fk_referral_pack_item_attachment_id_attachment')),
    sa.ForeignKeyConstraint(['document_id'], ['issued_document.id'], name=op.f('fk_referral_pack_item_document_id_issued_document')),
    sa.ForeignKeyConstraint(['pack_id'], ['referral_pack.id'], name=op.f('fk_referral_pack_item_pack_id_referral_pack')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_referral_pack_item')),
    sa.UniqueConstraint('pack_id', 'position', name='uq_referral_pack_item_pack_id_position')
    )
    with op.batch_alter_table('referral_pack_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_referral_pack_item_pack_id'), ['pack_id'], unique=False)
    with op.batch_alter_table('police_referral', schema=None) as batch_op:
        batch_op.add_column(sa.Column('received_pack_sha256', sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table('police_referral', schema=None) as batch_op:
        batch_op.drop_column('received_pack_sha256')
    with op.batch_alter_table('referral_pack_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_referral_pack_item_pack_id'))
    op.drop_table('referral_pack_item')
    op.drop_table('referral_pack')
