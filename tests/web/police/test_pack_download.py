"""The police download the hand-over pack as one .zip with manifest.json (S-310 art. 6): only for
referrals handed to their office, every file re-hashed, audited; the receipt names the pack."""

import hashlib
import io
import json
import zipfile

import pytest

from wagewatch.extensions import db
from wagewatch.models import AuditEvent, Role
from wagewatch.services.documents.attachments import stored_path
from wagewatch.services.referrals import referral_packs

from tests.factories import login, make_office, make_user, text_of
from tests.web.referrals.factories import make_referral, reload, step_post


@pytest.fixture
def police(login_as):
    return login_as(Role.POLICE, username="police-pack", display_name="刘警官")


def download(client, referral):
    return client.get(f"/police/referrals/{referral.id}/pack.zip")


def test_the_zip_holds_every_file_and_a_manifest_matching_the_stored_hashes(app, client, police):
    referral = reload(make_referral(up_to="handed_over"))
    page = text_of(client.get(f"/police/referrals/{referral.id}"))
    assert "下载移送材料包" in page and referral.pack.sha256 in page
    response = download(client, referral)
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert "attachment;" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    archive = zipfile.ZipFile(io.BytesIO(response.get_data()))
    manifest = json.loads(archive.read("manifest.json"))
    pack = referral.pack
    assert manifest["pack_sha256"] == pack.sha256 and manifest["letter_number"] == referral.letter_number
    assert referral_packs.pack_hash(manifest["items"]) == pack.sha256
    assert sorted(archive.namelist()) == sorted([i["file"] for i in manifest["items"]] + ["manifest.json"])
    for entry, item in zip(manifest["items"], pack.items, strict=True):
        content = archive.read(entry["file"])
        assert hashlib.sha256(content).hexdigest() == entry["sha256"] == item.sha256
        assert len(content) == entry["size"] and entry["pages"] == item.pages
        assert {"name", "kind"} <= entry.keys()
    audit = db.session.scalar(db.select(AuditEvent).where(
        AuditEvent.action == "referral_pack.download"))
    assert audit.success and audit.actor_id == police.id and pack.sha256[:12] in audit.detail


def test_another_office_and_a_referral_not_handed_over_get_404(app, client, login_as):
    handed = make_referral(up_to="handed_over")
    not_yet = make_referral(up_to="checklist")
    login_as(Role.POLICE, username="police-own")
    assert download(client, not_yet).status_code == 404
    other = make_office(code="TSQ", name="铜山区劳动保障监察大队", townships=("棠张镇",))
    make_user(role=Role.POLICE, username="police-tsq", office=other)
    elsewhere = app.test_client()
    assert login(app, elsewhere, "police-tsq").status_code == 302
    assert download(elsewhere, handed).status_code == 404
    assert download(client, handed).status_code == 200   # the same pack for its own office
    downloads = db.session.scalars(db.select(AuditEvent).where(
        AuditEvent.action == "referral_pack.download")).all()
    assert [d.object_id for d in downloads] == [str(handed.pack.id)]
    denial = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "access.not_referred"))
    assert denial is not None and denial.success is False


def test_a_file_altered_in_storage_stops_the_download_and_is_audited(app, client, police):
    referral = reload(make_referral(up_to="handed_over"))
    evidence = next(i for i in referral.pack.items if i.attachment is not None)
    path = stored_path(evidence.attachment)
    path.chmod(0o600)
    path.write_bytes(path.read_bytes() + b"x")
    response = download(client, referral)
    assert response.status_code == 302
    page = text_of(client.get(response.headers["Location"]))
    assert f"“{evidence.name}”与移送时的SHA-256不一致" in page
    audit = db.session.scalar(db.select(AuditEvent).where(
        AuditEvent.action == "referral_pack.download"))
    assert audit.success is False and "不一致" in audit.detail


def test_the_receipt_records_the_pack_received(app, client, police):
    referral = reload(make_referral(up_to="handed_over"))
    response = step_post(app, client, f"/police/referrals/{referral.id}/steps/receipt", "receipt",
                         {"received_at": "2026-11-05T15:00", "receiver": "李警官"}, referral.version)
    assert response.status_code == 302
    referral = reload(referral)
    assert referral.received_pack_sha256 == referral.pack.sha256
    page = text_of(client.get(f"/police/referrals/{referral.id}"))
    assert f"签收移送材料包，SHA-256 {referral.pack.sha256}" in page
    assert f"签收移送材料包{referral.pack.item_count}份（SHA-256 {referral.pack.short_sha256}）" in page
