"""Posting (张贴) a blacklist notice, or entering a posted S-17 decision, counts as service only
with a photo, video or 送达回证 scan kept as a file, never with a typed note (S-JI art. 4)."""

import io

from wagewatch.extensions import db
from wagewatch.models import Attachment, AttachmentKind, BlacklistProceeding, Listing, Role

from tests.factories import post, text_of
from tests.web.blacklist.factories import candidate_case, make_listed_employer
from tests.web.blacklist.test_expiry import LEGACY
from tests.web.blacklist.test_procedure import NOTICE, _start
from tests.web.evidence import files


def _notice(app, client, proceeding, data, *named_files):
    version = db.session.scalar(db.select(BlacklistProceeding.version)
                                .where(BlacklistProceeding.id == proceeding.id))
    payload = {"version": str(version), **data}
    if named_files:
        payload["service_attachments"] = [(io.BytesIO(content), name) for name, content in named_files]
    return post(app, client, f"/blacklist/proceedings/{proceeding.id}/notice", payload,
                content_type="multipart/form-data", follow_redirects=True)


POSTED = {**NOTICE, "service_method": "posted", "service_evidence": "张贴于公司大门"}


def test_a_posted_notice_needs_a_photo_and_keeps_it_linked_to_the_notice(app, client, login_as):
    case = candidate_case()
    login_as(Role.CLERK, username="clerk-bl-posted")
    proceeding = _start(app, client, case)
    form = client.get(f"/blacklist/proceedings/{proceeding.id}/notice").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in form and 'name="service_attachments"' in form

    typed_only = _notice(app, client, proceeding, POSTED).get_data(as_text=True)
    assert 'data-field="service_attachments">张贴送达须上传送达照片/视频' in typed_only
    assert "张贴于公司大门" in typed_only  # nothing typed is lost
    renamed = _notice(app, client, proceeding, POSTED, ("现场.jpg", b"<html><script>x</script></html>"))
    assert "现场.jpg" in text_of(renamed)
    assert db.session.scalar(db.select(db.func.count(Attachment.id))) == 0
    db.session.expire_all()
    assert db.session.get(BlacklistProceeding, proceeding.id).notice is None

    served = text_of(_notice(app, client, proceeding, POSTED, ("张贴现场.jpg", files.jpeg())))
    assert "陈述申辩期至 2025-03-24" in served
    db.session.expire_all()
    notice = db.session.get(BlacklistProceeding, proceeding.id).notice
    photo = db.session.scalar(db.select(Attachment))
    assert photo.kind is AttachmentKind.SERVICE_PROOF and photo.proceeding_id == proceeding.id
    assert photo.listing_notice_id == notice.id and photo.case_id is None
    assert notice.service_evidence.startswith("张贴于公司大门；送达照片/视频：张贴现场.jpg（SHA-256 ")
    evidence = text_of(client.get(f"/blacklist/{proceeding.id}/attachments"))
    assert "张贴现场.jpg" in evidence


def test_a_legacy_decision_posted_without_a_scan_is_refused_and_with_one_is_kept(
        app, client, login_as):
    make_listed_employer()
    login_as(Role.CLERK, username="clerk-s17-posted")
    posted = {**LEGACY, "served_on": "2020-06-02", "service_method": "posted",
              "service_evidence": "张贴于项目部"}
    refused = post(app, client, "/blacklist/legacy/new", posted, content_type="multipart/form-data")
    assert 'data-field="service_attachments">张贴送达须上传送达照片/视频' in refused.get_data(as_text=True)
    assert db.session.scalar(db.select(Listing)) is None
    kept = post(app, client, "/blacklist/legacy/new", {
        **posted, "service_attachments": [(io.BytesIO(files.png()), "送达回证扫描.png")]},
        content_type="multipart/form-data", follow_redirects=True)
    assert "已录入" in text_of(kept)
    listing = db.session.scalar(db.select(Listing))
    scan = db.session.scalar(db.select(Attachment))
    assert scan.listing_id == listing.id and scan.proceeding_id == listing.proceeding_id
    assert "送达回证扫描.png" in listing.service_evidence
