"""instruments: issued documents with their numbers, templates and service records; a payment
order is unserved (no service, no pay-by date) until its service is recorded

Revision ID: 0015_instruments
Revises: 0014_audit_append_only
Create Date: 2026-12-04 18:49:50.911430

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015_instruments'
down_revision = '0014_audit_append_only'
branch_labels = None
depends_on = None

DEFAULT_DOCUMENT_NUMBER_FORMAT = "经开劳监{code}〔{year}〕{seq:03d}号"


def upgrade():
    op.create_table('document_number_counter',
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('last_seq', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['office_id'], ['office.id'], name=op.f('fk_document_number_counter_office_id_office')),
    sa.PrimaryKeyConstraint('office_id', 'kind', 'year', name=op.f('pk_document_number_counter'))
    )
    op.create_table('instrument_template',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('file_name', sa.String(length=200), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=False),
    sa.Column('previewed_case_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('activated_at', sa.DateTime(), nullable=True),
    sa.Column('activated_by_id', sa.Integer(), nullable=True),
    sa.Column('retired_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['activated_by_id'], ['user.id'], name=op.f('fk_instrument_template_activated_by_id_user')),
    sa.ForeignKeyConstraint(['office_id'], ['office.id'], name=op.f('fk_instrument_template_office_id_office')),
    sa.ForeignKeyConstraint(['previewed_case_id'], ['case.id'], name=op.f('fk_instrument_template_previewed_case_id_case')),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['user.id'], name=op.f('fk_instrument_template_uploaded_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_instrument_template')),
    sa.UniqueConstraint('office_id', 'kind', 'version', name='uq_instrument_template_office_id_kind_version')
    )
    with op.batch_alter_table('instrument_template', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_instrument_template_office_id'), ['office_id'], unique=False)

    op.create_table('issued_document',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('number', sa.String(length=60), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('previous_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('correction_reason', sa.Text(), nullable=True),
    sa.Column('current', sa.Boolean(), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('template_id', sa.Integer(), nullable=True),
    sa.Column('template_version', sa.String(length=40), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('payment_order_id', sa.Integer(), nullable=True),
    sa.Column('served_document_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], name=op.f('fk_issued_document_case_id_case')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_issued_document_created_by_id_user')),
    sa.ForeignKeyConstraint(['office_id'], ['office.id'], name=op.f('fk_issued_document_office_id_office')),
    sa.ForeignKeyConstraint(['payment_order_id'], ['payment_order.id'], name=op.f('fk_issued_document_payment_order_id_payment_order')),
    sa.ForeignKeyConstraint(['previous_id'], ['issued_document.id'], name=op.f('fk_issued_document_previous_id_issued_document')),
    sa.ForeignKeyConstraint(['served_document_id'], ['issued_document.id'], name=op.f('fk_issued_document_served_document_id_issued_document')),
    sa.ForeignKeyConstraint(['template_id'], ['instrument_template.id'], name=op.f('fk_issued_document_template_id_instrument_template')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_issued_document')),
    sa.UniqueConstraint('office_id', 'kind', 'number', 'version', name='uq_issued_document_office_id_kind_number_version')
    )
    with op.batch_alter_table('issued_document', schema=None) as batch_op:
        batch_op.create_index('ix_issued_document_case_kind', ['case_id', 'kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_issued_document_payment_order_id'), ['payment_order_id'], unique=False)

    op.create_table('service_record',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('case_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('document_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('recipient', sa.String(length=100), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('method', sa.Enum('in_person', 'family_member', 'receiving_person', 'posted', 'left', 'entrusted', 'postal', 'public_notice', 'electronic', name='servicemethod', native_enum=False, length=24), nullable=False),
    sa.Column('served_on', sa.Date(), nullable=False),
    sa.Column('served_time', sa.Time(), nullable=True),
    sa.Column('signer_name', sa.String(length=50), nullable=True),
    sa.Column('signer_capacity', sa.String(length=50), nullable=True),
    sa.Column('refusal_note', sa.Text(), nullable=True),
    sa.Column('evidence', sa.Text(), nullable=True),
    sa.Column('servers', sa.String(length=100), nullable=False),
    sa.Column('receipt_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], name=op.f('fk_service_record_case_id_case')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_service_record_created_by_id_user')),
    sa.ForeignKeyConstraint(['document_id'], ['issued_document.id'], name=op.f('fk_service_record_document_id_issued_document')),
    sa.ForeignKeyConstraint(['receipt_id'], ['issued_document.id'], name=op.f('fk_service_record_receipt_id_issued_document')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_service_record'))
    )
    with op.batch_alter_table('service_record', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_service_record_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_service_record_document_id'), ['document_id'], unique=False)

    # Existing offices get the default format first; then the column becomes required.
    with op.batch_alter_table('office', schema=None) as batch_op:
        batch_op.add_column(sa.Column('document_number_format', sa.String(length=60), nullable=True))
    office = sa.table('office', sa.column('document_number_format', sa.String(60)))
    op.execute(office.update().values(document_number_format=DEFAULT_DOCUMENT_NUMBER_FORMAT))
    with op.batch_alter_table('office', schema=None) as batch_op:
        batch_op.alter_column('document_number_format', existing_type=sa.String(length=60),
                              nullable=False)

    with op.batch_alter_table('payment_order', schema=None) as batch_op:
        batch_op.alter_column('pay_by_on',
               existing_type=sa.DATE(),
               nullable=True)
        batch_op.alter_column('service_method',
               existing_type=sa.VARCHAR(length=24),
               nullable=True)
        batch_op.alter_column('served_on',
               existing_type=sa.DATE(),
               nullable=True)



def downgrade():
    # Before this revision every order was recorded as served; an unserved one has no value to
    # go back to, and inventing a service date would be false.
    unserved = op.get_bind().execute(sa.text(
        "SELECT COUNT(*) FROM payment_order WHERE served_on IS NULL")).scalar()
    if unserved:
        raise RuntimeError(f"{unserved} payment orders are not served yet; record their service "
                           "or delete them before downgrading below 0015_instruments.")
    with op.batch_alter_table('payment_order', schema=None) as batch_op:
        batch_op.alter_column('served_on',
               existing_type=sa.DATE(),
               nullable=False)
        batch_op.alter_column('service_method',
               existing_type=sa.VARCHAR(length=24),
               nullable=False)
        batch_op.alter_column('pay_by_on',
               existing_type=sa.DATE(),
               nullable=False)

    with op.batch_alter_table('office', schema=None) as batch_op:
        batch_op.drop_column('document_number_format')

    with op.batch_alter_table('service_record', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_service_record_document_id'))
        batch_op.drop_index(batch_op.f('ix_service_record_case_id'))

    op.drop_table('service_record')
    with op.batch_alter_table('issued_document', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_issued_document_payment_order_id'))
        batch_op.drop_index('ix_issued_document_case_kind')

    op.drop_table('issued_document')
    with op.batch_alter_table('instrument_template', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_instrument_template_office_id'))

    op.drop_table('instrument_template')
    op.drop_table('document_number_counter')
