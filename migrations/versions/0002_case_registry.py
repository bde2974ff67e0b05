"""case registry: contractors, projects, cases, workers, payment orders, recoveries

Revision ID: 0002_case_registry
Revises: 0001_foundation
Create Date: 2026-11-28 16:58:36.305937

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002_case_registry'
down_revision = '0001_foundation'
branch_labels = None
depends_on = None

DEFAULT_CASE_NUMBER_FORMAT = "经开劳监〔{year}〕{seq:04d}号"


def upgrade():
    op.create_table('case_number_counter',
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('last_seq', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['office_id'], ['office.id'], name=op.f('fk_case_number_counter_office_id_office')),
    sa.PrimaryKeyConstraint('office_id', 'year', name=op.f('pk_case_number_counter'))
    )
    op.create_table('worker',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('id_number', sa.String(length=18), nullable=False),
    sa.Column('id_number_warning', sa.String(length=200), nullable=True),
    sa.Column('hometown', sa.String(length=100), nullable=True),
    sa.Column('phone', sa.String(length=20), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['office_id'], ['office.id'], name=op.f('fk_worker_office_id_office')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_worker')),
    sa.UniqueConstraint('office_id', 'id_number', name='uq_worker_office_id_number')
    )
    with op.batch_alter_table('worker', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_worker_office_id'), ['office_id'], unique=False)

    op.create_table('contractor',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('company', 'individual', name='contractorkind', native_enum=False, length=16), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('short_name', sa.String(length=100), nullable=True),
    sa.Column('normalised_name', sa.String(length=200), nullable=False),
    sa.Column('uscc', sa.String(length=18), nullable=True),
    sa.Column('uscc_warning', sa.String(length=200), nullable=True),
    sa.Column('id_number', sa.String(length=18), nullable=True),
    sa.Column('id_number_warning', sa.String(length=200), nullable=True),
    sa.Column('address', sa.String(length=300), nullable=True),
    sa.Column('phone', sa.String(length=20), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('submission_token', sa.String(length=64), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_contractor_created_by_id_user')),
    sa.ForeignKeyConstraint(['office_id'], ['office.id'], name=op.f('fk_contractor_office_id_office')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contractor')),
    sa.UniqueConstraint('office_id', 'uscc', name='uq_contractor_office_id_uscc'),
    sa.UniqueConstraint('submission_token', name=op.f('uq_contractor_submission_token'))
    )
    with op.batch_alter_table('contractor', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contractor_office_id'), ['office_id'], unique=False)
        batch_op.create_index('ix_contractor_office_normalised_name', ['office_id', 'normalised_name'], unique=False)

    op.create_table('contractor_person',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contractor_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('id_number', sa.String(length=18), nullable=True),
    sa.Column('id_number_warning', sa.String(length=200), nullable=True),
    sa.Column('position', sa.Enum('legal_representative', 'principal', 'responsible_manager', 'other_responsible', name='personposition', native_enum=False, length=24), nullable=False),
    sa.Column('title', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['contractor_id'], ['contractor.id'], name=op.f('fk_contractor_person_contractor_id_contractor')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contractor_person'))
    )
    with op.batch_alter_table('contractor_person', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contractor_person_contractor_id'), ['contractor_id'], unique=False)

    op.create_table('project',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('township_id', sa.Integer(), nullable=False),
    sa.Column('sector', sa.Enum('construction', 'non_construction', name='sector', native_enum=False, length=24), nullable=False),
    sa.Column('funding_type', sa.Enum('government', 'soe', 'private', name='fundingtype', native_enum=False, length=16), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('general_contractor_id', sa.Integer(), nullable=True),
    sa.Column('contract_value_yuan', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('start_on', sa.Date(), nullable=True),
    sa.Column('end_on', sa.Date(), nullable=True),
    sa.Column('wage_account_bank', sa.String(length=100), nullable=True),
    sa.Column('wage_account_number', sa.String(length=40), nullable=True),
    sa.Column('wage_account_opened_on', sa.Date(), nullable=True),
    sa.Column('wage_guarantee', sa.Enum('none', 'deposit', 'bank_guarantee', 'exempt', name='wageguarantee', native_enum=False, length=16), nullable=False),
    sa.Column('wage_guarantee_yuan', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('real_name_registration', sa.Boolean(), nullable=False),
    sa.Column('notice_board_checked_on', sa.Date(), nullable=True),
    sa.Column('labour_officer_name', sa.String(length=64), nullable=True),
    sa.Column('labour_officer_phone', sa.String(length=20), nullable=True),
    sa.Column('payment_cycle', sa.Enum('weekly', 'half_monthly', 'monthly', 'quarterly', 'on_milestone', name='paymentcycle', native_enum=False, length=16), nullable=True),
    sa.Column('site_liaison_name', sa.String(length=64), nullable=True),
    sa.Column('site_liaison_position', sa.String(length=100), nullable=True),
    sa.Column('site_liaison_phone', sa.String(length=20), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('submission_token', sa.String(length=64), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_project_created_by_id_user')),
    sa.ForeignKeyConstraint(['general_contractor_id'], ['contractor.id'], name=op.f('fk_project_general_contractor_id_contractor')),
    sa.ForeignKeyConstraint(['office_id'], ['office.id'], name=op.f('fk_project_office_id_office')),
    sa.ForeignKeyConstraint(['owner_id'], ['contractor.id'], name=op.f('fk_project_owner_id_contractor')),
    sa.ForeignKeyConstraint(['township_id'], ['township.id'], name=op.f('fk_project_township_id_township')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project')),
    sa.UniqueConstraint('submission_token', name=op.f('uq_project_submission_token'))
    )
    with op.batch_alter_table('project', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_general_contractor_id'), ['general_contractor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_project_office_id'), ['office_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_project_owner_id'), ['owner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_project_township_id'), ['township_id'], unique=False)

    op.create_table('case',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=40), nullable=False),
    sa.Column('number_year', sa.Integer(), nullable=False),
    sa.Column('number_seq', sa.Integer(), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('channel', sa.Enum('window', 'hotline', 'national_platform', 'petition', 'transferred', 'inspection', name='channel', native_enum=False, length=24), nullable=False),
    sa.Column('township_id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=True),
    sa.Column('employer_id', sa.Integer(), nullable=False),
    sa.Column('sector', sa.Enum('construction', 'non_construction', name='sector', native_enum=False, length=24), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('registered', 'not_accepted', 'investigating', 'payment_ordered', 'resolved', 'withdrawn', 'referred', name='casestatus', native_enum=False, length=24), nullable=False),
    sa.Column('violation_ended_on', sa.Date(), nullable=True),
    sa.Column('acceptance_due_on', sa.Date(), nullable=False),
    sa.Column('accepted_on', sa.Date(), nullable=True),
    sa.Column('not_accepted_reason', sa.Enum('time_barred', 'no_employer', 'outside_jurisdiction', name='notacceptedreason', native_enum=False, length=24), nullable=True),
    sa.Column('not_accepted_note', sa.Text(), nullable=True),
    sa.Column('not_accepted_notice_on', sa.Date(), nullable=True),
    sa.Column('investigation_due_on', sa.Date(), nullable=True),
    sa.Column('extension_approver', sa.String(length=64), nullable=True),
    sa.Column('extension_approved_on', sa.Date(), nullable=True),
    sa.Column('extension_reason', sa.Text(), nullable=True),
    sa.Column('next_due_on', sa.Date(), nullable=True),
    sa.Column('next_due_kind', sa.String(length=32), nullable=True),
    sa.Column('due_provisional', sa.Boolean(), nullable=False),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('closing_note', sa.Text(), nullable=True),
    sa.Column('referral_target', sa.Enum('police', 'other_department', name='referraltarget', native_enum=False, length=24), nullable=True),
    sa.Column('referral_department', sa.String(length=100), nullable=True),
    sa.Column('group_incident', sa.Boolean(), nullable=False),
    sa.Column('extreme_incident', sa.Boolean(), nullable=False),
    sa.Column('employer_absconded', sa.Boolean(), nullable=False),
    sa.Column('property_transferred', sa.Boolean(), nullable=False),
    sa.Column('records_destroyed', sa.Boolean(), nullable=False),
    sa.Column('no_show_after_notice', sa.Boolean(), nullable=False),
    sa.Column('ability_to_pay', sa.Boolean(), nullable=False),
    sa.Column('facts_note', sa.Text(), nullable=True),
    sa.Column('handler_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('submission_token', sa.String(length=64), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['employer_id'], ['contractor.id'], name=op.f('fk_case_employer_id_contractor')),
    sa.ForeignKeyConstraint(['handler_id'], ['user.id'], name=op.f('fk_case_handler_id_user')),
    sa.ForeignKeyConstraint(['office_id'], ['office.id'], name=op.f('fk_case_office_id_office')),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_case_project_id_project')),
    sa.ForeignKeyConstraint(['township_id'], ['township.id'], name=op.f('fk_case_township_id_township')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case')),
    sa.UniqueConstraint('number', name=op.f('uq_case_number')),
    sa.UniqueConstraint('office_id', 'number_year', 'number_seq', name='uq_case_office_year_seq'),
    sa.UniqueConstraint('submission_token', name=op.f('uq_case_submission_token'))
    )
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_employer_id'), ['employer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_handler_id'), ['handler_id'], unique=False)
        batch_op.create_index('ix_case_office_next_due', ['office_id', 'next_due_on'], unique=False)
        batch_op.create_index('ix_case_office_received', ['office_id', 'received_on'], unique=False)
        batch_op.create_index('ix_case_office_status_received', ['office_id', 'status', 'received_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_project_id'), ['project_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_township_id'), ['township_id'], unique=False)

    op.create_table('project_participant',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('contractor_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.Enum('subcontractor', 'labour_subcontractor', 'team_leader', name='participantrole', native_enum=False, length=24), nullable=False),
    sa.Column('engaged_by_id', sa.Integer(), nullable=False),
    sa.Column('scope', sa.String(length=200), nullable=True),
    sa.ForeignKeyConstraint(['contractor_id'], ['contractor.id'], name=op.f('fk_project_participant_contractor_id_contractor')),
    sa.ForeignKeyConstraint(['engaged_by_id'], ['contractor.id'], name=op.f('fk_project_participant_engaged_by_id_contractor')),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_project_participant_project_id_project')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project_participant'))
    )
    with op.batch_alter_table('project_participant', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_participant_contractor_id'), ['contractor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_project_participant_project_id'), ['project_id'], unique=False)

    op.create_table('case_event',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('case_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('occurred_at', sa.DateTime(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('from_status', sa.String(length=24), nullable=True),
    sa.Column('to_status', sa.String(length=24), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['user.id'], name=op.f('fk_case_event_actor_id_user')),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], name=op.f('fk_case_event_case_id_case')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_event'))
    )
    with op.batch_alter_table('case_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_event_case_id'), ['case_id'], unique=False)

    op.create_table('case_party',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('contractor_id', sa.Integer(), nullable=False),
    sa.Column('liability', sa.Enum('general_contractor_first', 'owner_advance', 'engaging_party', 'name_lender', name='liability', native_enum=False, length=32), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], name=op.f('fk_case_party_case_id_case')),
    sa.ForeignKeyConstraint(['contractor_id'], ['contractor.id'], name=op.f('fk_case_party_contractor_id_contractor')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_party'))
    )
    with op.batch_alter_table('case_party', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_party_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_party_contractor_id'), ['contractor_id'], unique=False)

    op.create_table('case_worker',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('case_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('worker_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('work_from', sa.Date(), nullable=True),
    sa.Column('work_to', sa.Date(), nullable=True),
    sa.Column('months_owed', sa.Numeric(precision=5, scale=1), nullable=False),
    sa.Column('claimed_yuan', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('confirmed_yuan', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('representative', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], name=op.f('fk_case_worker_case_id_case')),
    sa.ForeignKeyConstraint(['worker_id'], ['worker.id'], name=op.f('fk_case_worker_worker_id_worker')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_worker')),
    sa.UniqueConstraint('case_id', 'worker_id', name='uq_case_worker_case_id_worker_id')
    )
    with op.batch_alter_table('case_worker', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_worker_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_worker_worker_id'), ['worker_id'], unique=False)

    op.create_table('payment_order',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('document_number', sa.String(length=60), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('amount_yuan', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('pay_within_working_days', sa.Integer(), nullable=False),
    sa.Column('pay_by_on', sa.Date(), nullable=False),
    sa.Column('pay_by_provisional', sa.Boolean(), nullable=False),
    sa.Column('service_method', sa.Enum('in_person', 'family_member', 'receiving_person', 'posted', name='servicemethod', native_enum=False, length=24), nullable=False),
    sa.Column('served_on', sa.Date(), nullable=False),
    sa.Column('service_evidence', sa.Text(), nullable=True),
    sa.Column('extra_compensation_rate', sa.Numeric(precision=4, scale=2), nullable=True),
    sa.Column('extra_compensation_yuan', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('extra_compensation_ordered_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], name=op.f('fk_payment_order_case_id_case')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_payment_order_created_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payment_order'))
    )
    with op.batch_alter_table('payment_order', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_payment_order_case_id'), ['case_id'], unique=False)

    op.create_table('recovery',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('case_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('paid_on', sa.Date(), nullable=False),
    sa.Column('amount_yuan', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('payer', sa.Enum('employer', 'general_contractor', 'owner', 'emergency_fund', name='payer', native_enum=False, length=24), nullable=False),
    sa.Column('payer_contractor_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=200), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('submission_token', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], name=op.f('fk_recovery_case_id_case')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_recovery_created_by_id_user')),
    sa.ForeignKeyConstraint(['payer_contractor_id'], ['contractor.id'], name=op.f('fk_recovery_payer_contractor_id_contractor')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recovery')),
    sa.UniqueConstraint('submission_token', name=op.f('uq_recovery_submission_token'))
    )
    with op.batch_alter_table('recovery', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recovery_case_id'), ['case_id'], unique=False)

    op.create_table('payment_order_item',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('case_worker_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('amount_yuan', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.ForeignKeyConstraint(['case_worker_id'], ['case_worker.id'], name=op.f('fk_payment_order_item_case_worker_id_case_worker')),
    sa.ForeignKeyConstraint(['order_id'], ['payment_order.id'], name=op.f('fk_payment_order_item_order_id_payment_order')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payment_order_item'))
    )
    with op.batch_alter_table('payment_order_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_payment_order_item_case_worker_id'), ['case_worker_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_payment_order_item_order_id'), ['order_id'], unique=False)

    op.create_table('recovery_allocation',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('recovery_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('case_worker_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('amount_yuan', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.ForeignKeyConstraint(['case_worker_id'], ['case_worker.id'], name=op.f('fk_recovery_allocation_case_worker_id_case_worker')),
    sa.ForeignKeyConstraint(['recovery_id'], ['recovery.id'], name=op.f('fk_recovery_allocation_recovery_id_recovery')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recovery_allocation'))
    )
    with op.batch_alter_table('recovery_allocation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recovery_allocation_case_worker_id'), ['case_worker_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_recovery_allocation_recovery_id'), ['recovery_id'], unique=False)

    # Existing offices get the default format first; then the column becomes required.
    with op.batch_alter_table('office', schema=None) as batch_op:
        batch_op.add_column(sa.Column('case_number_format', sa.String(length=60), nullable=True))
    office = sa.table('office', sa.column('case_number_format', sa.String(60)))
    op.execute(office.update().values(case_number_format=DEFAULT_CASE_NUMBER_FORMAT))
    with op.batch_alter_table('office', schema=None) as batch_op:
        batch_op.alter_column('case_number_format', existing_type=sa.String(length=60),
                              nullable=False)



def downgrade():
    with op.batch_alter_table('office', schema=None) as batch_op:
        batch_op.drop_column('case_number_format')

    with op.batch_alter_table('recovery_allocation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recovery_allocation_recovery_id'))
        batch_op.drop_index(batch_op.f('ix_recovery_allocation_case_worker_id'))

    op.drop_table('recovery_allocation')
    with op.batch_alter_table('payment_order_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_payment_order_item_order_id'))
        batch_op.drop_index(batch_op.f('ix_payment_order_item_case_worker_id'))

    op.drop_table('payment_order_item')
    with op.batch_alter_table('recovery', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recovery_case_id'))

    op.drop_table('recovery')
    with op.batch_alter_table('payment_order', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_payment_order_case_id'))

    op.drop_table('payment_order')
    with op.batch_alter_table('case_worker', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_worker_worker_id'))
        batch_op.drop_index(batch_op.f('ix_case_worker_case_id'))

    op.drop_table('case_worker')
    with op.batch_alter_table('case_party', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_party_contractor_id'))
        batch_op.drop_index(batch_op.f('ix_case_party_case_id'))

    op.drop_table('case_party')
    with op.batch_alter_table('case_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_event_case_id'))

    op.drop_table('case_event')
    with op.batch_alter_table('project_participant', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_project_participant_project_id'))
        batch_op.drop_index(batch_op.f('ix_project_participant_contractor_id'))

    op.drop_table('project_participant')
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_township_id'))
        batch_op.drop_index(batch_op.f('ix_case_project_id'))
        batch_op.drop_index('ix_case_office_status_received')
        batch_op.drop_index('ix_case_office_received')
        batch_op.drop_index('ix_case_office_next_due')
        batch_op.drop_index(batch_op.f('ix_case_handler_id'))
        batch_op.drop_index(batch_op.f('ix_case_employer_id'))

    op.drop_table('case')
    with op.batch_alter_table('project', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_project_township_id'))
        batch_op.drop_index(batch_op.f('ix_project_owner_id'))
        batch_op.drop_index(batch_op.f('ix_project_office_id'))
        batch_op.drop_index(batch_op.f('ix_project_general_contractor_id'))

    op.drop_table('project')
    with op.batch_alter_table('contractor_person', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contractor_person_contractor_id'))

    op.drop_table('contractor_person')
    with op.batch_alter_table('contractor', schema=None) as batch_op:
        batch_op.drop_index('ix_contractor_office_normalised_name')
        batch_op.drop_index(batch_op.f('ix_contractor_office_id'))

    op.drop_table('contractor')
    with op.batch_alter_table('worker', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_worker_office_id'))

    op.drop_table('worker')
    op.drop_table('case_number_counter')
