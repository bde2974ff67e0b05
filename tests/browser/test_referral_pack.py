"""A police officer opens a referral handed to them, downloads the hand-over pack from the page
and records its receipt, clicked through the real pages in Chromium (S-310 arts. 6, 8)."""

import hashlib
import json
import zipfile

import pytest
from playwright.sync_api import expect

from wagewatch.extensions import db
from wagewatch.models import AuditEvent, PoliceReferral, Role

from tests.browser.test_login import log_in
from tests.factories import make_user
from tests.web.referrals.factories import make_referral, reload

pytestmark = pytest.mark.browser


def test_police_download_the_pack_and_record_its_receipt(page, tmp_path):
    referral = reload(make_referral(up_to="handed_over"))
    pack_hash, names = referral.pack.sha256, [i.name for i in referral.pack.items]
    make_user(role=Role.POLICE, username="police-pack", display_name="刘警官")

    log_in(page, "police-pack")
    page.wait_for_url("**/")
    page.goto(f"/police/referrals/{referral.id}")
    expect(page.locator("#pack-sha256")).to_have_text(pack_hash, use_inner_text=True)
    rows = page.locator("#pack-items tbody tr")
    assert rows.count() == len(names) and names[0] in rows.first.inner_text()

    with page.expect_download() as info:
        page.get_by_role("link", name="下载移送材料包").click()
    saved = tmp_path / "pack.zip"
    info.value.save_as(saved)
    assert info.value.suggested_filename.endswith(".zip")
    with zipfile.ZipFile(saved) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        assert manifest["pack_sha256"] == pack_hash
        for item in manifest["items"]:
            assert hashlib.sha256(archive.read(item["file"])).hexdigest() == item["sha256"]

    page.get_by_label("接收民警").fill("刘警官")
    page.get_by_role("button", name="记录接收").click()
    expect(page.get_by_text("已记录公安机关接收。")).to_be_visible()
    expect(page.locator("#received-pack")).to_contain_text(pack_hash, use_inner_text=True)
    expect(page.locator("#pack-received")).to_be_visible()
    page.screenshot(path="test-artifacts/police-pack.png", full_page=True)

    received = db.session.scalar(db.select(PoliceReferral))
    db.session.refresh(received)
    assert received.received_pack_sha256 == pack_hash
    assert db.session.scalar(db.select(AuditEvent).where(
        AuditEvent.action == "referral_pack.download", AuditEvent.success.is_(True)))
