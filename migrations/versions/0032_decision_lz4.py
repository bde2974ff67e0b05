"""decision lz4: a rule decision's reasons and summary (some 3 KB of Chinese text a row, stored
out of line and compressed) compressed with lz4 instead of pglz on PostgreSQL. `rules run` writes
a decision per flagged case, and at a million cases compressing 290,000 rows was about a third of
their COPY's time (benchmarks/README.md). Only rows written afterwards are compressed so; a server
built without lz4 keeps pglz. Nothing to do on SQLite.

Revision ID: 0032_decision_lz4
Revises: 0031_referral_flag_index
Create Date: 2026-12-08 01:40:00
"""
import sqlalchemy as sa
from alembic import op


revision = '0032_decision_lz4'
down_revision = '0031_referral_flag_index'
branch_labels = None
depends_on = None

COLUMNS = ("reasons", "summary")


def _lz4_available(bind) -> bool:
    """PostgreSQL 14 or later built with lz4 (default_toast_compression offers it)."""
    return bool(bind.dialect.name == "postgresql" and bind.execute(sa.text(
        "SELECT 'lz4' = ANY(enumvals) FROM pg_settings "
        "WHERE name = 'default_toast_compression'")).scalar())


def _set_compression(method: str) -> None:
    bind = op.get_bind()
    if not _lz4_available(bind):
        return
    op.execute("ALTER TABLE rule_decision " + ", ".join(
        f"ALTER COLUMN {column} SET COMPRESSION {method}" for column in COLUMNS))


def upgrade():
    _set_compression("lz4")


def downgrade():
    _set_compression("pglz")
