"""A use case appends to a case's or a referral's timeline without reading the timeline so far:
the entries of a long-running case are not loaded to add one."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from sqlalchemy import event

from wagewatch.extensions import db
from wagewatch.models import Case, PoliceReferral
from wagewatch.services.cases import case_steps

from tests.web.cases.factories import register
from tests.web.referrals.factories import complete_file, make_referral


@contextmanager
def reads_of(table: str) -> Iterator[list[str]]:
    """The SELECT statements that read ``table``, sent while the block runs."""
    seen: list[str] = []

    def note(_connection, _cursor, statement, *_args) -> None:
        if statement.lstrip().upper().startswith("SELECT") and f"FROM {table} " in statement:
            seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", note)


def test_accepting_a_case_adds_its_entries_without_reading_the_timeline(app):
    case = register(received_on=date(2026, 11, 2))
    before = len(case.events)
    db.session.expire_all()
    case = db.session.get_one(Case, case.id)
    with reads_of("case_event") as reads:
        case_steps.accept(case, date(2026, 11, 3), case.handler)
    assert reads == []
    kinds = [e.kind for e in db.session.get_one(Case, case.id).events]
    assert len(kinds) > before and "accept" in kinds[before:]


def test_a_referral_step_adds_its_entry_without_reading_the_timeline(app):
    referral = make_referral(up_to="approved")
    before = len(referral.events)
    db.session.expire_all()
    referral = db.session.get_one(PoliceReferral, referral.id)
    with reads_of("referral_event") as reads:
        complete_file(referral, referral.case.handler)
    assert reads == []
    assert len(db.session.get_one(PoliceReferral, referral.id).events) > before
