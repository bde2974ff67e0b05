"""recovery codes: every stored hash wrapped in salted scrypt, so no bare SHA-256 stays at rest

Codes issued before recovery codes were hashed with scrypt were stored as an unsalted SHA-256 of
the code; about 59 bits are too few for that to protect them if the table leaks. A hash cannot be
told apart from the other kind, so every stored hash becomes scrypt(stored hash) salted with its
user; the app checks a typed code against scrypt(code) and against scrypt(SHA-256(code)) and
scrypt(scrypt(code)) so wrapped, still unused codes keep working once.

Revision ID: 0023_recovery_code_hashes
Revises: 0022_contractor_id_number
Create Date: 2026-12-05 13:30:00
"""
import hashlib

import sqlalchemy as sa
from alembic import op


revision = '0023_recovery_code_hashes'
down_revision = '0022_contractor_id_number'
branch_labels = None
depends_on = None

#: The same cost and salt as wagewatch.services.accounts.second_factor._wrap_stored_hash (frozen here).
SCRYPT = {"n": 2**12, "r": 8, "p": 1, "dklen": 32}


def wrap(user_id: int, stored_hash: str) -> str:
    salt = f"wagewatch wrapped recovery code hash of user {user_id}".encode()
    return hashlib.scrypt(stored_hash.encode(), salt=salt, **SCRYPT).hex()


def upgrade():
    connection = op.get_bind()
    rows = connection.execute(sa.text("SELECT id, user_id, code_hash FROM recovery_code")).all()
    for row in rows:
        connection.execute(sa.text("UPDATE recovery_code SET code_hash = :hash WHERE id = :id"),
                           {"hash": wrap(row.user_id, row.code_hash), "id": row.id})


def downgrade():
    # The wrapped hashes stay: an unwrapped SHA-256 cannot be recovered from them. Under the
    # earlier code, recovery codes issued before this revision stop working (the user re-enrols
    # after an administrator resets the factor); codes issued later keep working.
    pass
