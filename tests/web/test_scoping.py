"""A record of another office is a 404 and audited (security.md item 7), also when its id is
given beneath a record of the user's own office: a worker of another office's case under one's
own case, another office's payment order, contractor person, project participant, objection or
early-removal application; another office's export or import job (another clerk's job of the
same office is a plain 404)."""

from __future__ import annotations

from datetime import date

import pytest

from wagewatch.extensions import db
from wagewatch.models import AuditEvent, ExportJob, Role
from wagewatch.services.cases import case_steps

from tests.factories import (
    issue_served_order, login, make_contractor, make_office, make_project, make_user, post,
)
from tests.web.blacklist.factories import matrix_samples
from tests.web.cases.factories import register


def _records(clerk) -> dict[str, int]:
    """One record of each kind, of the clerk's office, by the URL argument naming it."""
    case = register(clerk=clerk, employer=make_contractor(office=clerk.office, name="徐州恒达建设有限公司"))
    case_steps.accept(case, date(2026, 11, 3), clerk)
    order = issue_served_order(case, issued_on=date(2026, 11, 3), pay_within=5, actor=clerk)
    owner = make_contractor(office=clerk.office, name="徐州城建投资有限公司",
                            persons=({"name": "王建国", "id_number": "320302198001011239"},))
    builder = make_contractor(office=clerk.office, name="江苏恒达建设集团有限公司")
    team = make_contractor(office=clerk.office, name="李大勇", kind="individual",
                           id_number="320322198506155436")
    project = make_project(office=clerk.office, owner=owner, general_contractor=builder,
                           participants=((team, "team_leader", builder),))
    return {"case_id": case.id, "case_worker_id": case.workers[0].id, "order_id": order.id,
            "contractor_id": owner.id, "person_id": owner.persons[0].id,
            "project_id": project.id, "participant_id": project.participants[0].id,
            **matrix_samples(owner)}


#: (method, URL pattern, the part's argument, its table): the parent's id from the user's own
#: office, the part's id from the other office's records.
PARTS = [
    ("get", "/cases/{case_id}/workers/{case_worker_id}/confirm", "case_worker_id", "case_worker"),
    ("get", "/cases/{case_id}/payment-orders/{order_id}/extra-compensation", "order_id",
     "payment_order"),
    ("post", "/contractors/{contractor_id}/persons/{person_id}/remove", "person_id",
     "contractor_person"),
    ("post", "/projects/{project_id}/participants/{participant_id}/remove", "participant_id",
     "project_participant"),
    ("get", "/blacklist/proceedings/{proceeding_id}/objections/{objection_id}/answer",
     "objection_id", "listing_objection"),
    ("get", "/blacklist/proceedings/{proceeding_id}/early-removal/{application_id}/decide",
     "application_id", "early_removal_application"),
]


def _refusals(table: str) -> list[AuditEvent]:
    return list(db.session.scalars(db.select(AuditEvent).where(
        AuditEvent.action == "access.out_of_office", AuditEvent.object_type == table)))


@pytest.mark.parametrize(("method", "pattern", "part", "table"), PARTS, ids=[p[3] for p in PARTS])
def test_another_offices_part_under_ones_own_record_is_a_404_and_audited(
        app, client, method, pattern, part, table):
    theirs = _records(make_user(role=Role.CLERK, username="theirs"))
    other = make_office(code="TSQ", name="铜山区劳动保障监察大队", townships=("柳新镇",))
    clerk = make_user(role=Role.CLERK, username="ours", office=other)
    ours = _records(clerk)
    url = pattern.format(**{**ours, part: theirs[part]})
    login(app, client, "ours")
    answer = post(app, client, url, {}) if method == "post" else client.get(url)
    assert answer.status_code == 404
    [refusal] = _refusals(table)
    assert refusal.actor_id == clerk.id and refusal.object_id == str(theirs[part])
    assert not refusal.success
    # The user's own part under the user's own record is found as before.
    own = pattern.format(**ours)
    assert (client.get(own) if method == "get" else post(app, client, own, {})).status_code != 404


def test_a_part_of_another_record_of_the_same_office_is_a_plain_404(app, client):
    clerk = make_user(role=Role.CLERK, username="ours")
    first, second = register(clerk=clerk), register(clerk=clerk)
    login(app, client, "ours")
    url = f"/cases/{first.id}/workers/{second.workers[0].id}/confirm"
    assert client.get(url).status_code == 404
    assert db.session.scalar(db.select(db.func.count(AuditEvent.id)).where(
        AuditEvent.action == "access.out_of_office")) == 0


@pytest.mark.parametrize(("kind", "url"), [("registry", "/exports/{id}"),
                                           ("case_import", "/cases/import/jobs/{id}")])
def test_another_offices_job_is_a_404_and_audited_another_clerks_a_plain_404(
        app, client, kind, url):
    other = make_office(code="TSQ", name="铜山区劳动保障监察大队", townships=("柳新镇",))
    jobs = {}
    for name, office in (("colleague", None), ("outsider", other)):
        owner = make_user(role=Role.CLERK, username=name, office=office)
        jobs[name] = ExportJob(office_id=owner.office_id, user_id=owner.id, kind=kind,
                               unmasked=False, file_name=f"{name}.xlsx")
        db.session.add(jobs[name])
    make_user(role=Role.CLERK, username="ours")
    db.session.commit()
    login(app, client, "ours")
    for name in ("colleague", "outsider"):
        assert client.get(url.format(id=jobs[name].id)).status_code == 404
    [refusal] = _refusals("export_job")
    assert refusal.object_id == str(jobs["outsider"].id)
