"""search index: name characters and pairs, phone, USCC prefix and sequence-number indexes

Revision ID: 0017_search_index
Revises: 0016_attachments
Create Date: 2026-12-05 04:45:00

"""
import re
import unicodedata

from alembic import op
import sqlalchemy as sa


revision = '0017_search_index'
down_revision = '0016_attachments'
branch_labels = None
depends_on = None

SPACES = re.compile(r"\s+")
BATCH = 5000


def _grams(name):
    """The characters and character pairs of a folded name (as rules.search_terms.name_grams)."""
    text = SPACES.sub("", unicodedata.normalize("NFKC", name or "")).lower()
    return set(text) | {text[i:i + 2] for i in range(len(text) - 1)}


def _fill(bind, gram_table, kind, select_sql):
    rows = []
    for record_id, office_id, *names in bind.execute(sa.text(select_sql)):
        grams = set().union(*(_grams(n) for n in names))
        rows.extend({"kind": kind, "record_id": record_id, "office_id": office_id, "gram": g}
                    for g in sorted(grams))
        if len(rows) >= BATCH:
            bind.execute(gram_table.insert(), rows)
            rows = []
    if rows:
        bind.execute(gram_table.insert(), rows)


def upgrade():
    op.create_table('search_gram',
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('record_id', sa.BigInteger(), nullable=False),
    sa.Column('gram', sa.String(length=2), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('kind', 'record_id', 'gram', name=op.f('pk_search_gram'))
    )
    with op.batch_alter_table('search_gram', schema=None) as batch_op:
        batch_op.create_index('ix_search_gram_lookup', ['office_id', 'kind', 'gram', 'record_id'], unique=False)
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.create_index('ix_case_office_seq', ['office_id', 'number_seq'], unique=False)
    with op.batch_alter_table('worker', schema=None) as batch_op:
        batch_op.create_index('ix_worker_office_phone', ['office_id', 'phone'], unique=False)
    with op.batch_alter_table('contractor', schema=None) as batch_op:
        batch_op.create_index('ix_contractor_office_phone', ['office_id', 'phone'], unique=False)
        batch_op.create_index('ix_contractor_office_uscc_prefix', ['office_id', 'uscc'], unique=False,
                              postgresql_ops={'uscc': 'text_pattern_ops'})

    bind = op.get_bind()
    gram_table = sa.table('search_gram', sa.column('kind'), sa.column('record_id'),
                          sa.column('gram'), sa.column('office_id'))
    _fill(bind, gram_table, 'worker', 'SELECT id, office_id, name FROM worker')
    _fill(bind, gram_table, 'contractor', 'SELECT id, office_id, name, short_name, normalised_name FROM contractor')


def downgrade():
    with op.batch_alter_table('contractor', schema=None) as batch_op:
        batch_op.drop_index('ix_contractor_office_uscc_prefix')
        batch_op.drop_index('ix_contractor_office_phone')
    with op.batch_alter_table('worker', schema=None) as batch_op:
        batch_op.drop_index('ix_worker_office_phone')
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.drop_index('ix_case_office_seq')
    with op.batch_alter_table('search_gram', schema=None) as batch_op:
        batch_op.drop_index('ix_search_gram_lookup')
    op.drop_table('search_gram')
