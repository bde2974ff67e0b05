"""Who reaches evidence: the office's clerks and leaders; another office gets 404 (audited);
the police get nothing (only, later, a hand-over pack). Downloads are inert and audited."""

import hashlib
import io

import pytest

from wagewatch.extensions import db
from wagewatch.models import Attachment, AuditEvent, Role

from tests.factories import csrf_token, login, make_office, make_user, post, text_of
from tests.web.cases.factories import register
from tests.web.evidence import files
from tests.web.evidence.files import upload


@pytest.fixture
def stored(app, client, login_as):
    """A case with one uploaded photo; the client is logged in as the uploading clerk."""
    clerk = login_as(Role.CLERK)
    case = register(clerk=clerk)
    photo = files.jpeg()
    upload(app, client, case.id, photo, "张贴现场.jpg")
    return case, db.session.scalar(db.select(Attachment)), photo


def test_a_download_is_the_original_inert_and_audited(app, client, stored):
    _, attachment, photo = stored
    response = client.get(f"/attachments/{attachment.id}/download")
    assert response.status_code == 200 and response.data == photo
    assert response.headers["Content-Type"] == "image/jpeg"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "filename*=UTF-8''%E5%BC%A0" in response.headers["Content-Disposition"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Security-Policy"] == "sandbox; default-src 'none'"
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "attachment.download"))
    assert event.object_id == str(attachment.id) and hashlib.sha256(photo).hexdigest()[:12] in event.detail


def test_a_download_whose_name_claims_another_type_gets_the_true_extension(app, client, login_as):
    login_as(Role.CLERK)
    case = register()
    upload(app, client, case.id, files.pdf(1), "照片.jpg")
    attachment = db.session.scalar(db.select(Attachment))
    response = client.get(f"/attachments/{attachment.id}/download")
    assert response.headers["Content-Type"] == "application/pdf"
    assert ".jpg.pdf" in response.headers["Content-Disposition"]


def test_pages_keep_the_apps_own_policy(app, client, stored):
    case, _, _ = stored
    assert "default-src 'self'" in client.get(f"/cases/{case.id}").headers["Content-Security-Policy"]


def test_a_leader_of_the_office_sees_and_downloads_but_cannot_upload(app, stored):
    case, attachment, photo = stored
    make_user(role=Role.LEADER, username="leader-1")
    leader = app.test_client()
    login(app, leader, "leader-1")
    assert "张贴现场.jpg" in text_of(leader.get(f"/cases/{case.id}"))
    assert leader.get(f"/attachments/{attachment.id}/download").data == photo
    assert upload(app, leader, case.id, files.png(), "a.png").status_code == 403


@pytest.mark.parametrize("path", ["/attachments/{id}/download", "/attachments/{id}/thumbnail",
                                  "/attachments/{id}/withdraw", "/cases/{case}/attachments"])
def test_another_offices_clerk_gets_404_and_it_is_audited(app, stored, path):
    case, attachment, _ = stored
    other = make_office(code="TSQ", name="铜山区劳动保障监察大队")
    make_user(role=Role.CLERK, username="clerk-other", office=other)
    outsider = app.test_client()
    login(app, outsider, "clerk-other")
    assert outsider.get(path.format(id=attachment.id, case=case.id)).status_code == 404
    event = db.session.scalar(db.select(AuditEvent).where(
        AuditEvent.action == "access.out_of_office"))
    assert event is not None and not event.success


def test_another_offices_clerk_cannot_upload_to_the_case(app, stored):
    case, _, _ = stored
    other = make_office(code="TSQ", name="铜山区劳动保障监察大队")
    make_user(role=Role.CLERK, username="clerk-other", office=other)
    outsider = app.test_client()
    login(app, outsider, "clerk-other")
    assert upload(app, outsider, case.id, files.png(), "a.png").status_code == 404
    assert db.session.scalar(db.select(db.func.count(Attachment.id))) == 1


@pytest.mark.parametrize("path", ["/attachments/{id}/download", "/attachments/{id}/thumbnail",
                                  "/attachments/{id}/withdraw", "/cases/{case}/attachments"])
def test_the_police_reach_no_attachment(app, stored, path):
    case, attachment, _ = stored
    make_user(role=Role.POLICE, username="police-1")
    police = app.test_client()
    login(app, police, "police-1")
    assert police.get(path.format(id=attachment.id, case=case.id)).status_code == 403
    assert upload(app, police, case.id, files.png(), "a.png").status_code == 403
    denial = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "access.denied"))
    assert denial.actor_role == "police"


def test_an_upload_without_login_is_sent_to_the_login_page_and_nothing_is_kept(app):
    case = register()
    anonymous = app.test_client()
    response = upload(app, anonymous, case.id, files.png(), "a.png")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    assert db.session.scalar(db.select(db.func.count(Attachment.id))) == 0


def test_an_upload_without_the_forms_token_is_refused(app, client, login_as):
    login_as(Role.CLERK)
    case = register()
    response = client.post(f"/cases/{case.id}/attachments", data={
        "evidence-kind": "other", "evidence-file": (io.BytesIO(files.png()), "a.png")},
        content_type="multipart/form-data")
    assert "页面已过期" in text_of(response)
    assert db.session.scalar(db.select(db.func.count(Attachment.id))) == 0


def test_a_form_field_cannot_set_the_uploader_or_the_case(app, client, login_as):
    clerk = login_as(Role.CLERK)
    case, other_case = register(), register()
    someone = make_user(role=Role.CLERK, username="someone")
    post(app, client, f"/cases/{case.id}/attachments", {
        "evidence-kind": "other", "uploaded_by_id": str(someone.id),
        "case_id": str(other_case.id), "evidence-file": (io.BytesIO(files.png()), "a.png"),
        "evidence-csrf_token": csrf_token(app, client)},
        content_type="multipart/form-data")
    attachment = db.session.scalar(db.select(Attachment))
    assert attachment.uploaded_by_id == clerk.id and attachment.case_id == case.id
