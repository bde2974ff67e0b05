"""Screening finds the party by USCC first, then by normalised name, with its record."""

from datetime import date

from wagewatch.extensions import db
from wagewatch.models import Office
from wagewatch.services.parties.screening import screen_party

from tests.factories import make_contractor
from tests.web.blacklist.factories import make_listing
from tests.web.referrals.factories import make_referral


def office_id():
    return db.session.scalar(db.select(Office.id))


def test_an_active_listing_is_shown_and_an_expired_one_is_not(app):
    listed = make_contractor(name="徐州失信建设有限公司")
    make_listing(contractor=listed, decided_on=date(2026, 3, 10), number="经开劳监列字〔2026〕3号")
    [record] = screen_party(office_id(), uscc=listed.uscc)
    assert record.matched_by == "uscc" and record.noteworthy
    assert any("正在失信联合惩戒名单期内：经开劳监列字〔2026〕3号" in n for n in record.notes)
    old = make_contractor(name="徐州过期建设有限公司")
    make_listing(contractor=old, decided_on=date(2022, 1, 5), number="经开劳监列字〔2022〕1号")
    [record] = screen_party(office_id(), uscc=old.uscc)
    assert not record.noteworthy


def test_a_name_in_another_legal_form_matches_and_shows_an_open_referral(app):
    referral = make_referral(up_to="handed_over")
    employer = referral.case.employer
    records = screen_party(office_id(), name=employer.name.replace("有限公司", "（有限责任公司）"))
    assert [r.contractor.id for r in records] == [employer.id]
    assert records[0].matched_by == "name"
    assert any(f"移送公安机关办理中：{referral.case.number}" in n for n in records[0].notes)
    assert records[0].case_count >= 1


def test_a_partys_cases_are_those_it_employs_in_and_those_naming_it_liable(app):
    """Screening and the contractor page count the cases where the contractor is the employer
    and those naming it as another liable party, and no other case."""
    from wagewatch.models import Liability, Role
    from wagewatch.services.cases import registration
    from wagewatch.services.parties.contractors import cases_involving

    from tests.factories import make_user
    from tests.web.cases.factories import make_employer, register

    clerk = make_user(role=Role.CLERK, username="clerk-screening")
    general = make_contractor(name="徐州总包建设有限公司")
    employed = register(clerk=clerk, employer=general)
    named = register(clerk=clerk, employer=make_employer())
    registration.add_party(named, general, Liability.GENERAL_CONTRACTOR_FIRST, None, clerk)
    other = register(clerk=clerk, employer=make_employer(name="徐州无关劳务有限公司"))
    [record] = screen_party(office_id(), uscc=general.uscc)
    assert record.case_count == 2
    assert {c.number for c in record.recent_cases} == {employed.number, named.number}
    summary = cases_involving(general)
    assert summary.count == 2 and set(summary.numbers) == {employed.number, named.number}
    assert other.number not in summary.numbers
