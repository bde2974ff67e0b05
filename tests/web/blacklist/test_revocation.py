"""Revocation when the payment order is revoked (S-45), the one-query history across listing
periods, and office scoping (another office's records answer 404)."""

from datetime import date

from wagewatch.extensions import db
from wagewatch.models import AuditEvent, ProceedingStatus, RemovalReason, Role
from wagewatch.services.blacklist import procedure
from wagewatch.services.blacklist.listing_queries import listed_on, listings_on
from wagewatch.services.blacklist.listing_removal import revoke_for_payment_order

from tests.factories import make_office, post, post_new, text_of
from tests.web.blacklist.factories import candidate_case, clerk, listed_proceeding, make_listed_employer, make_listing


def test_revoking_the_payment_order_revokes_the_listing(app):
    proceeding = listed_proceeding()
    order_id = proceeding.cases[0].payment_order_id
    revoked = revoke_for_payment_order(order_id, date(2025, 6, 3), "行政复议决定撤销责令支付文书", None)
    db.session.commit()
    assert revoked == [proceeding]
    listing = proceeding.current_listing
    assert proceeding.status is ProceedingStatus.REMOVED
    assert listing.removal_reason is RemovalReason.REVOKED and listing.removed_on == date(2025, 6, 3)
    assert listed_on(proceeding.contractor_id, date(2025, 6, 2)) == listing
    assert listed_on(proceeding.contractor_id, date(2025, 6, 3)) is None
    assert db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "blacklist.revoke"))


def test_a_clerk_records_the_revoked_order_on_a_proceeding_under_way(app, client, login_as):
    case = candidate_case()
    proceeding = procedure.start_proceeding(case.employer, case.handler, date(2025, 3, 14))
    login_as(Role.CLERK, username="clerk-rv")
    link = proceeding.cases[0]
    page = text_of(post(app, client, f"/blacklist/proceedings/{proceeding.id}/revoke", {
        "version": str(proceeding.version), "link_id": str(link.id), "revoked_on": "2025-04-01",
        "reason": "法院判决撤销"}, follow_redirects=True))
    assert "已撤销列入程序" in page and "已撤销（未列入）" in page
    assert "文书已于 2025-04-01 撤销" in page


def test_an_order_revoked_while_another_case_still_grounds_the_proceeding(app):
    employer = make_listed_employer()
    first = candidate_case(employer=employer)
    candidate_case(employer=employer, received_on=date(2025, 3, 4))
    proceeding = procedure.start_proceeding(employer, first.handler, date(2025, 3, 14))
    assert len(proceeding.cases) == 2
    assert revoke_for_payment_order(proceeding.cases[0].payment_order_id, date(2025, 4, 1), "复议",
                                    None) == []
    db.session.commit()
    assert proceeding.status is ProceedingStatus.CANDIDATE


def test_listed_on_answers_for_each_of_two_listing_periods(app):
    employer = make_listed_employer()
    first = make_listing(contractor=employer, decided_on=date(2022, 3, 1), removed_on=date(2025, 3, 3))
    second = make_listing(contractor=employer, decided_on=date(2025, 9, 1), number="经开劳监列字〔2025〕7号")
    assert listed_on(employer.id, date(2022, 2, 28)) is None
    assert listed_on(employer.id, date(2023, 1, 1)) == first
    assert listed_on(employer.id, date(2025, 5, 1)) is None
    assert listed_on(employer.id, date(2026, 1, 1)) == second
    assert listings_on(employer.office_id, date(2023, 1, 1)) == [first]
    assert listings_on(employer.office_id, date(2026, 1, 1)) == [second]


def test_another_offices_proceeding_answers_404_and_is_audited(app, client, login_as):
    other = make_office(code="QS", name="泉山区劳动保障监察大队", townships=("永安街道",))
    proceeding = listed_proceeding(employer=make_listed_employer(office=other))
    assert proceeding.office_id == other.id and clerk(other).office_id == other.id
    login_as(Role.CLERK, username="clerk-home")
    for url in (f"/blacklist/proceedings/{proceeding.id}", f"/blacklist/proceedings/{proceeding.id}/notice",
                f"/blacklist/contractors/{proceeding.contractor_id}"):
        assert client.get(url).status_code == 404, url
    assert post(app, client, f"/blacklist/proceedings/{proceeding.id}/objections/new",
                {"received_on": "2025-03-20", "content": "异议"}).status_code == 404
    assert post_new(app, client, f"/blacklist/candidates/{proceeding.contractor_id}/start").status_code == 404
    assert "徐州恒达" not in text_of(client.get("/blacklist/"))
    denied = db.session.scalars(db.select(AuditEvent).where(
        AuditEvent.action == "access.out_of_office")).all()
    assert len(denied) == 5 and {d.object_type for d in denied} == {"blacklist_proceeding", "contractor"}
