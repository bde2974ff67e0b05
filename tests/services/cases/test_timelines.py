"""A use case appends to a case's or a referral's timeline without reading the timeline so far:
the entries of a long-running case are not loaded to add one."""

from datetime import date

from wagewatch.extensions import db
from wagewatch.models import Case, PoliceReferral
from wagewatch.services.cases import case_steps

from tests.statements import sent_statements
from tests.web.cases.factories import register
from tests.web.referrals.factories import complete_file, make_referral


def reads_of(table: str, statements: list[str]) -> list[str]:
    """The SELECT statements among ``statements`` that read ``table``."""
    return [s for s in statements
            if s.lstrip().upper().startswith("SELECT") and f"FROM {table} " in s]


def test_accepting_a_case_adds_its_entries_without_reading_the_timeline(app):
    case = register(received_on=date(2026, 11, 2))
    before = len(case.events)
    db.session.expire_all()
    case = db.session.get_one(Case, case.id)
    with sent_statements() as sent:
        case_steps.accept(case, date(2026, 11, 3), case.handler)
    assert reads_of("case_event", sent) == []
    kinds = [e.kind for e in db.session.get_one(Case, case.id).events]
    assert len(kinds) > before and "accept" in kinds[before:]


def test_a_referral_step_adds_its_entry_without_reading_the_timeline(app):
    referral = make_referral(up_to="approved")
    before = len(referral.events)
    db.session.expire_all()
    referral = db.session.get_one(PoliceReferral, referral.id)
    with sent_statements() as sent:
        complete_file(referral, referral.case.handler)
    assert reads_of("referral_event", sent) == []
    assert len(db.session.get_one(PoliceReferral, referral.id).events) > before
