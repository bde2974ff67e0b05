"""Police visibility follows the recorded hand-over and nothing else (security.md item 27): every
referral state against every surface the police or their API client read."""

import io

import openpyxl
import pytest

from wagewatch.extensions import db
from wagewatch.models import AuditEvent, Office, PoliceReferral, ReferralStatus, Role
from wagewatch.services.accounts import api_clients
from wagewatch.services.referrals import referral_outcomes, handover

from tests.factories import login, make_user, post, text_of
from tests.web.referrals.factories import at, make_referral, reload, step_post


def _not_approved() -> PoliceReferral:
    referral = make_referral(up_to="reported")
    handover.decide_approval(referral, referral.case.handler, approved=False,
                              approver_name="王局长", approved_at=at("2026-11-03 09:00"),
                              note="证据尚不充分", expected_version=referral.version)
    return referral


def _closed(up_to: str, closed_at: str):
    def make() -> PoliceReferral:
        referral = make_referral(up_to=up_to)
        referral_outcomes.close_referral(referral, referral.case.handler,
                                         closed_at=at(closed_at), note="已全额支付",
                                         expected_version=referral.version)
        return referral
    return make


#: state name → (maker, whether the police may see it).
STATES = {
    "reported": (lambda: make_referral(up_to="reported"), False),
    "not_approved": (_not_approved, False),
    "approved": (lambda: make_referral(up_to="approved"), False),
    "checklist": (lambda: make_referral(up_to="checklist"), False),
    "approved_then_closed": (_closed("checklist", "2026-11-04 12:00"), False),
    "handed_over": (lambda: make_referral(up_to="handed_over"), True),
    "received": (lambda: make_referral(up_to="received"), True),
    "filed": (lambda: make_referral(up_to="filed"), True),
    "declined": (lambda: make_referral(up_to="declined"), True),
    "declined_then_closed": (_closed("declined", "2026-11-10 09:00"), True),
}


@pytest.mark.parametrize("state", STATES)
def test_police_see_a_referral_on_every_surface_only_after_its_hand_over(app, client, state):
    make, visible = STATES[state]
    referral = reload(make())
    assert (referral.status is ReferralStatus.CLOSED) == state.endswith("closed")
    number, worker = referral.case.number, referral.case.workers[0].worker
    admin = make_user(role=Role.ADMIN, username="admin-api")
    _, token = api_clients.issue_client(office=db.session.scalar(db.select(Office)),
                                        name="市公安局经侦支队", scopes=["referrals"], actor=admin)
    api = client.get("/api/v1/referrals", headers={"Authorization": f"Bearer {token}"})
    assert (number in [r["case_number"] for r in api.get_json()["referrals"]]) is visible

    police = make_user(role=Role.POLICE, username="police-v")
    assert login(app, client, police.username).status_code == 302
    assert (number in text_of(client.get("/police/referrals"))) is visible
    candidates = client.get("/police/").get_data(as_text=True)
    assert (f"/police/referrals/{referral.id}\"" in candidates) is visible

    book = openpyxl.load_workbook(io.BytesIO(post(app, client, "/police/export").data))
    listed = [row[0] for row in book["移送案件"].iter_rows(min_row=2, values_only=True)]
    assert (number in listed) is visible

    file_page = client.get(f"/police/referrals/{referral.id}")
    revealed = post(app, client, f"/police/referrals/{referral.id}/reveal")
    note = step_post(app, client, f"/police/referrals/{referral.id}/steps/note", "note",
                     {"text": "已调取银行流水"})
    if visible:
        assert file_page.status_code == 200 and number in text_of(file_page)
        assert revealed.status_code == 200 and worker.id_number in revealed.get_data(as_text=True)
        assert note.status_code == 302
    else:
        assert (file_page.status_code, revealed.status_code, note.status_code) == (404, 404, 404)
        denials = db.session.scalars(db.select(AuditEvent).where(
            AuditEvent.action == "access.not_referred")).all()
        assert len(denials) == 3 and {d.object_id for d in denials} == {str(referral.id)}
        assert not db.session.scalar(db.select(AuditEvent).where(
            AuditEvent.action == "worker.unmask"))


def test_the_office_cannot_record_police_progress_on_a_referral_never_handed_over(app):
    referral = _closed("checklist", "2026-11-04 12:00")()
    with pytest.raises(referral_outcomes.ServiceError):
        referral_outcomes.add_progress_note(referral, referral.case.handler, text="进展")
