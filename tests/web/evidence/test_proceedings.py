"""Proof of service of a blacklist notice or decision, kept on the proceeding (S-45 arts. 7-8)."""

import hashlib

from wagewatch.extensions import db
from wagewatch.models import Attachment, Role

from tests.factories import csrf_token, login, make_office, make_user, post, text_of
from tests.web.blacklist.factories import listed_proceeding
from tests.web.evidence import files


def _upload(app, client, proceeding_id, content, name, link=""):
    import io

    return post(app, client, f"/blacklist/{proceeding_id}/attachments", {
        "evidence-kind": "service_proof", "evidence-link": link,
        "evidence-file": (io.BytesIO(content), name),
        "evidence-csrf_token": csrf_token(app, client)}, content_type="multipart/form-data")


def test_a_scan_of_the_notices_service_receipt_is_kept_on_the_proceeding(app, client, login_as):
    login_as(Role.CLERK)
    proceeding = listed_proceeding()
    page = client.get(f"/blacklist/proceedings/{proceeding.id}")
    assert f"/blacklist/{proceeding.id}/attachments" in page.get_data(as_text=True)
    scan = files.pdf(1)
    response = _upload(app, client, proceeding.id, scan, "告知书送达回证.pdf",
                       link=f"notice:{proceeding.notice.id}")
    assert response.status_code == 302
    attachment = db.session.scalar(db.select(Attachment))
    assert attachment.proceeding_id == proceeding.id and attachment.case_id is None
    assert attachment.listing_notice_id == proceeding.notice.id
    assert attachment.sha256 == hashlib.sha256(scan).hexdigest()
    listing = text_of(client.get(f"/blacklist/{proceeding.id}/attachments"))
    assert "告知书送达回证.pdf" in listing and "PDF文档，1页" in listing


def test_a_hostile_file_is_refused_on_the_proceeding_too(app, client, login_as):
    login_as(Role.CLERK)
    proceeding = listed_proceeding()
    response = _upload(app, client, proceeding.id, b"<svg onload=alert(1)>", "回证.jpg")
    assert "网页、SVG或XML文件" in text_of(response)
    assert db.session.scalar(db.select(db.func.count(Attachment.id))) == 0


def test_another_office_and_the_police_cannot_reach_the_proceedings_evidence(app, client, login_as):
    login_as(Role.CLERK)
    proceeding = listed_proceeding()
    _upload(app, client, proceeding.id, files.jpeg(), "张贴.jpg")
    attachment = db.session.scalar(db.select(Attachment))
    other = make_office(code="TSQ", name="铜山区劳动保障监察大队")
    make_user(role=Role.CLERK, username="clerk-other", office=other)
    make_user(role=Role.POLICE, username="police-1")
    outsider, police = app.test_client(), app.test_client()
    login(app, outsider, "clerk-other")
    login(app, police, "police-1")
    assert outsider.get(f"/blacklist/{proceeding.id}/attachments").status_code == 404
    assert outsider.get(f"/attachments/{attachment.id}/download").status_code == 404
    assert police.get(f"/blacklist/{proceeding.id}/attachments").status_code == 403
    assert police.get(f"/attachments/{attachment.id}/download").status_code == 403
