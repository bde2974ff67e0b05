"""blacklist lifecycle, police referral, supervised listing

Revision ID: 0005_blacklist_referral
Revises: 0004_api_clients
Create Date: 2026-11-28 17:43:19.012077

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005_blacklist_referral'
down_revision = '0004_api_clients'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('blacklist_proceeding',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('contractor_id', sa.Integer(), nullable=False),
    sa.Column('rule_set', sa.Enum('S-45', 'S-17', name='ruleset', native_enum=False, length=8), nullable=False),
    sa.Column('status', sa.Enum('candidate', 'notice_served', 'objection', 'listed', 'not_listed', 'removed', 'revoked', name='proceedingstatus', native_enum=False, length=24), nullable=False),
    sa.Column('opened_on', sa.Date(), nullable=False),
    sa.Column('complex_case', sa.Boolean(), nullable=False),
    sa.Column('complex_approver', sa.String(length=64), nullable=True),
    sa.Column('complex_approved_on', sa.Date(), nullable=True),
    sa.Column('complex_reason', sa.Text(), nullable=True),
    sa.Column('corrected_on', sa.Date(), nullable=True),
    sa.Column('commitment_on', sa.Date(), nullable=True),
    sa.Column('not_listed_on', sa.Date(), nullable=True),
    sa.Column('not_listed_reason', sa.Text(), nullable=True),
    sa.Column('handled_on', sa.Date(), nullable=True),
    sa.Column('revoked_on', sa.Date(), nullable=True),
    sa.Column('revocation_reason', sa.Text(), nullable=True),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('submission_token', sa.String(length=64), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['contractor_id'], ['contractor.id'], name=op.f('fk_blacklist_proceeding_contractor_id_contractor')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_blacklist_proceeding_created_by_id_user')),
    sa.ForeignKeyConstraint(['office_id'], ['office.id'], name=op.f('fk_blacklist_proceeding_office_id_office')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_blacklist_proceeding')),
    sa.UniqueConstraint('submission_token', name=op.f('uq_blacklist_proceeding_submission_token'))
    )
    with op.batch_alter_table('blacklist_proceeding', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_blacklist_proceeding_contractor_id'), ['contractor_id'], unique=False)
        batch_op.create_index('ix_blacklist_proceeding_office_status', ['office_id', 'status'], unique=False)

    op.create_table('listing',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('contractor_id', sa.Integer(), nullable=False),
    sa.Column('proceeding_id', sa.Integer(), nullable=False),
    sa.Column('rule_set', sa.Enum('S-45', 'S-17', name='ruleset', native_enum=False, length=8), nullable=False),
    sa.Column('document_number', sa.String(length=60), nullable=False),
    sa.Column('authority', sa.String(length=100), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('original_ends_on', sa.Date(), nullable=True),
    sa.Column('extended_on', sa.Date(), nullable=True),
    sa.Column('main_facts', sa.Text(), nullable=False),
    sa.Column('grounds', sa.Text(), nullable=False),
    sa.Column('basis', sa.Text(), nullable=False),
    sa.Column('punishment_measures', sa.Text(), nullable=False),
    sa.Column('early_removal_terms', sa.Text(), nullable=False),
    sa.Column('remedies', sa.Text(), nullable=False),
    sa.Column('served_on', sa.Date(), nullable=True),
    sa.Column('service_method', sa.Enum('in_person', 'family_member', 'receiving_person', 'posted', name='servicemethod', native_enum=False, length=24), nullable=True),
    sa.Column('service_evidence', sa.Text(), nullable=True),
    sa.Column('removed_on', sa.Date(), nullable=True),
    sa.Column('removal_reason', sa.Enum('expired', 'early_removal', 'revoked', name='removalreason', native_enum=False, length=24), nullable=True),
    sa.Column('removal_note', sa.Text(), nullable=True),
    sa.Column('publication_stopped_on', sa.Date(), nullable=True),
    sa.Column('previous_listing_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['contractor_id'], ['contractor.id'], name=op.f('fk_listing_contractor_id_contractor')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_listing_created_by_id_user')),
    sa.ForeignKeyConstraint(['office_id'], ['office.id'], name=op.f('fk_listing_office_id_office')),
    sa.ForeignKeyConstraint(['previous_listing_id'], ['listing.id'], name=op.f('fk_listing_previous_listing_id_listing')),
    sa.ForeignKeyConstraint(['proceeding_id'], ['blacklist_proceeding.id'], name=op.f('fk_listing_proceeding_id_blacklist_proceeding')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_listing'))
    )
    with op.batch_alter_table('listing', schema=None) as batch_op:
        batch_op.create_index('ix_listing_contractor_period', ['contractor_id', 'starts_on', 'ends_on'], unique=False)
        batch_op.create_index('ix_listing_office_period', ['office_id', 'starts_on', 'ends_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_listing_proceeding_id'), ['proceeding_id'], unique=False)

    op.create_table('listing_notice',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proceeding_id', sa.Integer(), nullable=False),
    sa.Column('document_number', sa.String(length=60), nullable=False),
    sa.Column('grounds', sa.Text(), nullable=False),
    sa.Column('basis', sa.Text(), nullable=False),
    sa.Column('served_on', sa.Date(), nullable=False),
    sa.Column('service_method', sa.Enum('in_person', 'family_member', 'receiving_person', 'posted', name='servicemethod', native_enum=False, length=24), nullable=False),
    sa.Column('service_evidence', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_listing_notice_created_by_id_user')),
    sa.ForeignKeyConstraint(['proceeding_id'], ['blacklist_proceeding.id'], name=op.f('fk_listing_notice_proceeding_id_blacklist_proceeding')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_listing_notice')),
    sa.UniqueConstraint('proceeding_id', name=op.f('uq_listing_notice_proceeding_id'))
    )
    op.create_table('listing_objection',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proceeding_id', sa.Integer(), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('answered_on', sa.Date(), nullable=True),
    sa.Column('answer', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('answered_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['answered_by_id'], ['user.id'], name=op.f('fk_listing_objection_answered_by_id_user')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_listing_objection_created_by_id_user')),
    sa.ForeignKeyConstraint(['proceeding_id'], ['blacklist_proceeding.id'], name=op.f('fk_listing_objection_proceeding_id_blacklist_proceeding')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_listing_objection'))
    )
    with op.batch_alter_table('listing_objection', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_listing_objection_proceeding_id'), ['proceeding_id'], unique=False)

    op.create_table('early_removal_application',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('listing_id', sa.Integer(), nullable=False),
    sa.Column('applied_on', sa.Date(), nullable=False),
    sa.Column('corrected_on', sa.Date(), nullable=True),
    sa.Column('written_commitment', sa.Boolean(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('decided_on', sa.Date(), nullable=True),
    sa.Column('approved', sa.Boolean(), nullable=True),
    sa.Column('new_arrears', sa.Boolean(), nullable=True),
    sa.Column('criminal_proceedings', sa.Boolean(), nullable=True),
    sa.Column('decision_reasons', sa.JSON(), nullable=True),
    sa.Column('decision_note', sa.Text(), nullable=True),
    sa.Column('fraud_revoked_on', sa.Date(), nullable=True),
    sa.Column('fraud_note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_early_removal_application_created_by_id_user')),
    sa.ForeignKeyConstraint(['listing_id'], ['listing.id'], name=op.f('fk_early_removal_application_listing_id_listing')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_early_removal_application'))
    )
    with op.batch_alter_table('early_removal_application', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_early_removal_application_listing_id'), ['listing_id'], unique=False)

    op.create_table('listed_person',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('listing_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('position', sa.Enum('legal_representative', 'principal', 'responsible_manager', 'other_responsible', name='personposition', native_enum=False, length=24), nullable=False),
    sa.Column('id_number', sa.String(length=18), nullable=True),
    sa.Column('removed_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['listing_id'], ['listing.id'], name=op.f('fk_listed_person_listing_id_listing')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_listed_person'))
    )
    with op.batch_alter_table('listed_person', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_listed_person_listing_id'), ['listing_id'], unique=False)

    op.create_table('supervised_listing',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('authority', sa.String(length=100), nullable=False),
    sa.Column('official', sa.String(length=64), nullable=False),
    sa.Column('grounds', sa.Text(), nullable=False),
    sa.Column('listed_on', sa.Date(), nullable=False),
    sa.Column('deadline_on', sa.Date(), nullable=False),
    sa.Column('status', sa.Enum('open', 'closed', name='supervisionstatus', native_enum=False, length=16), nullable=False),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('closing_note', sa.Text(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], name=op.f('fk_supervised_listing_case_id_case')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_supervised_listing_created_by_id_user')),
    sa.ForeignKeyConstraint(['office_id'], ['office.id'], name=op.f('fk_supervised_listing_office_id_office')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_supervised_listing'))
    )
    with op.batch_alter_table('supervised_listing', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_supervised_listing_case_id'), ['case_id'], unique=False)
        batch_op.create_index('ix_supervised_listing_office_status', ['office_id', 'status', 'deadline_on'], unique=False)

    op.create_table('blacklist_proceeding_case',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proceeding_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('payment_order_id', sa.Integer(), nullable=True),
    sa.Column('case_number', sa.String(length=40), nullable=False),
    sa.Column('order_revoked_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], name=op.f('fk_blacklist_proceeding_case_case_id_case')),
    sa.ForeignKeyConstraint(['payment_order_id'], ['payment_order.id'], name=op.f('fk_blacklist_proceeding_case_payment_order_id_payment_order')),
    sa.ForeignKeyConstraint(['proceeding_id'], ['blacklist_proceeding.id'], name=op.f('fk_blacklist_proceeding_case_proceeding_id_blacklist_proceeding')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_blacklist_proceeding_case')),
    sa.UniqueConstraint('proceeding_id', 'case_id', name='uq_blacklist_proceeding_case_proceeding_id')
    )
    with op.batch_alter_table('blacklist_proceeding_case', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_blacklist_proceeding_case_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_blacklist_proceeding_case_payment_order_id'), ['payment_order_id'], unique=False)

    op.create_table('police_referral',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('contractor_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('reported', 'not_approved', 'approved', 'handed_over', 'received', 'filed', 'declined', 'reconsideration', 'upheld', 'supervision', 'completed', 'closed', name='referralstatus', native_enum=False, length=24), nullable=False),
    sa.Column('rule_decision_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('justification', sa.Text(), nullable=True),
    sa.Column('reported_at', sa.DateTime(), nullable=False),
    sa.Column('reported_by_id', sa.Integer(), nullable=False),
    sa.Column('report', sa.Text(), nullable=False),
    sa.Column('approved', sa.Boolean(), nullable=True),
    sa.Column('approved_at', sa.DateTime(), nullable=True),
    sa.Column('approver_name', sa.String(length=64), nullable=True),
    sa.Column('approval_note', sa.Text(), nullable=True),
    sa.Column('handed_over_at', sa.DateTime(), nullable=True),
    sa.Column('police_unit', sa.String(length=100), nullable=True),
    sa.Column('letter_number', sa.String(length=60), nullable=True),
    sa.Column('police_received_at', sa.DateTime(), nullable=True),
    sa.Column('police_receiver', sa.String(length=64), nullable=True),
    sa.Column('police_decision', sa.Enum('filed', 'declined', name='policedecision', native_enum=False, length=16), nullable=True),
    sa.Column('police_decided_at', sa.DateTime(), nullable=True),
    sa.Column('police_reasons', sa.Text(), nullable=True),
    sa.Column('police_case_number', sa.String(length=60), nullable=True),
    sa.Column('reconsideration_requested_at', sa.DateTime(), nullable=True),
    sa.Column('reconsideration_answered_at', sa.DateTime(), nullable=True),
    sa.Column('reconsideration_result', sa.Enum('filed', 'upheld', 'not_filed', name='reviewresult', native_enum=False, length=16), nullable=True),
    sa.Column('reconsideration_note', sa.Text(), nullable=True),
    sa.Column('supervision_requested_at', sa.DateTime(), nullable=True),
    sa.Column('procuratorate', sa.String(length=100), nullable=True),
    sa.Column('supervision_answered_at', sa.DateTime(), nullable=True),
    sa.Column('supervision_result', sa.Enum('filed', 'upheld', 'not_filed', name='reviewresult', native_enum=False, length=16), nullable=True),
    sa.Column('supervision_note', sa.Text(), nullable=True),
    sa.Column('materials_handed_over_at', sa.DateTime(), nullable=True),
    sa.Column('materials_note', sa.Text(), nullable=True),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('closing_note', sa.Text(), nullable=True),
    sa.Column('next_step', sa.String(length=32), nullable=True),
    sa.Column('next_due_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('submission_token', sa.String(length=64), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], name=op.f('fk_police_referral_case_id_case')),
    sa.ForeignKeyConstraint(['contractor_id'], ['contractor.id'], name=op.f('fk_police_referral_contractor_id_contractor')),
    sa.ForeignKeyConstraint(['office_id'], ['office.id'], name=op.f('fk_police_referral_office_id_office')),
    sa.ForeignKeyConstraint(['reported_by_id'], ['user.id'], name=op.f('fk_police_referral_reported_by_id_user')),
    sa.ForeignKeyConstraint(['rule_decision_id'], ['rule_decision.id'], name=op.f('fk_police_referral_rule_decision_id_rule_decision')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_police_referral')),
    sa.UniqueConstraint('submission_token', name=op.f('uq_police_referral_submission_token'))
    )
    with op.batch_alter_table('police_referral', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_police_referral_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_police_referral_contractor_id'), ['contractor_id'], unique=False)
        batch_op.create_index('ix_police_referral_office_status', ['office_id', 'status'], unique=False)

    op.create_table('supervision_note',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('listing_id', sa.Integer(), nullable=False),
    sa.Column('written_on', sa.Date(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_supervision_note_author_id_user')),
    sa.ForeignKeyConstraint(['listing_id'], ['supervised_listing.id'], name=op.f('fk_supervision_note_listing_id_supervised_listing')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_supervision_note'))
    )
    with op.batch_alter_table('supervision_note', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_supervision_note_listing_id'), ['listing_id'], unique=False)

    op.create_table('referral_document',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('referral_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('kind', sa.Enum('referral_letter', 'investigation_report', 'item_list', 'inspection_reports', 'other_evidence', 'payment_order', name='referraldocumentkind', native_enum=False, length=32), nullable=False),
    sa.Column('present', sa.Boolean(), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=True),
    sa.ForeignKeyConstraint(['referral_id'], ['police_referral.id'], name=op.f('fk_referral_document_referral_id_police_referral')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_referral_document')),
    sa.UniqueConstraint('referral_id', 'kind', name='uq_referral_document_referral_kind')
    )
    with op.batch_alter_table('referral_document', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_referral_document_referral_id'), ['referral_id'], unique=False)

    op.create_table('referral_event',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('referral_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('occurred_at', sa.DateTime(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['user.id'], name=op.f('fk_referral_event_actor_id_user')),
    sa.ForeignKeyConstraint(['referral_id'], ['police_referral.id'], name=op.f('fk_referral_event_referral_id_police_referral')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_referral_event'))
    )
    with op.batch_alter_table('referral_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_referral_event_referral_id'), ['referral_id'], unique=False)



def downgrade():
    with op.batch_alter_table('referral_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_referral_event_referral_id'))

    op.drop_table('referral_event')
    with op.batch_alter_table('referral_document', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_referral_document_referral_id'))

    op.drop_table('referral_document')
    with op.batch_alter_table('supervision_note', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_supervision_note_listing_id'))

    op.drop_table('supervision_note')
    with op.batch_alter_table('police_referral', schema=None) as batch_op:
        batch_op.drop_index('ix_police_referral_office_status')
        batch_op.drop_index(batch_op.f('ix_police_referral_contractor_id'))
        batch_op.drop_index(batch_op.f('ix_police_referral_case_id'))

    op.drop_table('police_referral')
    with op.batch_alter_table('blacklist_proceeding_case', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_blacklist_proceeding_case_payment_order_id'))
        batch_op.drop_index(batch_op.f('ix_blacklist_proceeding_case_case_id'))

    op.drop_table('blacklist_proceeding_case')
    with op.batch_alter_table('supervised_listing', schema=None) as batch_op:
        batch_op.drop_index('ix_supervised_listing_office_status')
        batch_op.drop_index(batch_op.f('ix_supervised_listing_case_id'))

    op.drop_table('supervised_listing')
    with op.batch_alter_table('listed_person', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_listed_person_listing_id'))

    op.drop_table('listed_person')
    with op.batch_alter_table('early_removal_application', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_early_removal_application_listing_id'))

    op.drop_table('early_removal_application')
    with op.batch_alter_table('listing_objection', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_listing_objection_proceeding_id'))

    op.drop_table('listing_objection')
    op.drop_table('listing_notice')
    with op.batch_alter_table('listing', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_listing_proceeding_id'))
        batch_op.drop_index('ix_listing_office_period')
        batch_op.drop_index('ix_listing_contractor_period')

    op.drop_table('listing')
    with op.batch_alter_table('blacklist_proceeding', schema=None) as batch_op:
        batch_op.drop_index('ix_blacklist_proceeding_office_status')
        batch_op.drop_index(batch_op.f('ix_blacklist_proceeding_contractor_id'))

    op.drop_table('blacklist_proceeding')
