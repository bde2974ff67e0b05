"""A form accepts only its own fields: status, office or author added to a POST change nothing."""

from __future__ import annotations

from wagewatch.extensions import db
from wagewatch.models import Case, CaseStatus, Role

from tests.factories import make_office, make_user, post
from tests.web.cases.factories import make_employer
from tests.web.cases.test_registration import form_data


def test_a_clerk_cannot_set_status_office_or_author_by_adding_fields(app, client, login_as):
    clerk = login_as(Role.CLERK, username="clerk-extra")
    other_office = make_office(code="QTJG", name="其他大队")
    someone_else = make_user(role=Role.CLERK, username="clerk-else", office=other_office)
    make_employer()
    response = post(app, client, "/cases/new", form_data(
        status="resolved", office_id=str(other_office.id), handler_id=str(someone_else.id),
        created_by_id=str(someone_else.id), number="2026-9999", version="42"))
    assert response.status_code == 302
    case = db.session.scalar(db.select(Case))
    assert case.status is CaseStatus.REGISTERED
    assert case.office_id == clerk.office_id and case.handler_id == clerk.id
    assert case.number != "2026-9999" and case.version == 1
