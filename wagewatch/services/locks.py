"""The case lock: use cases that read a case's balances and write against them run one at a time (security.md item 24)."""

from __future__ import annotations

from sqlalchemy import select, update

from wagewatch.extensions import db
from wagewatch.models import Case


def lock_case(case: Case) -> None:
    """Hold the case until this use case commits or rolls back, then re-read it.

    On PostgreSQL a ``SELECT … FOR UPDATE`` of the case's row; on SQLite a write to the row,
    which takes the database's write lock until the commit. Another use case locking the same case
    waits here, and every balance read after this call (yuan owed, ordered, recovered) is what was
    committed, so parallel recoveries can never pay more than is owed. Call it first in the use
    case, before any change: what the session had loaded is expired and read again.
    """
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(select(Case.id).where(Case.id == case.id).with_for_update())
    else:
        db.session.execute(update(Case).where(Case.id == case.id).values(id=Case.id))
    db.session.expire_all()
