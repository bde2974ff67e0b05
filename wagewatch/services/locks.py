"""Row locks: use cases reading a case's balances (or a contractor's proceedings) to write run one at a time."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update

from wagewatch.extensions import db
from wagewatch.models import Case, Contractor


def lock_case(case: Case) -> None:
    """Hold the case until this use case commits or rolls back, then re-read it.

    On PostgreSQL a ``SELECT … FOR UPDATE`` of the case's row; on SQLite a write to the row,
    which takes the database's write lock until the commit. Another use case locking the same case
    waits here, and every balance read after this call (yuan owed, ordered, recovered) is what was
    committed, so parallel recoveries can never pay more than is owed. Call it first in the use
    case, before any change: what the session had loaded is expired and read again.
    """
    _lock_row(Case, case.id)


def lock_contractor(contractor: Contractor) -> None:
    """Hold the contractor until this use case ends, then re-read it: two clerks opening a
    blacklist proceeding for it at once (with different submission tokens) run one after the
    other, so the second sees the first's open proceeding and is refused."""
    _lock_row(Contractor, contractor.id)


def _lock_row(model: type[Any], row_id: int) -> None:
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(select(model.id).where(model.id == row_id).with_for_update())
    else:
        db.session.execute(update(model).where(model.id == row_id).values(id=model.id))
    db.session.expire_all()
