"""A police officer logs in, reads why a contractor is flagged, opens the case referred to them
and records receipt and the decision to file it, clicked through the real pages in Chromium."""

import pytest

from wagewatch.extensions import db
from wagewatch.models import AuditEvent, PoliceDecision, PoliceReferral, Role

from tests.browser.test_login import log_in
from tests.factories import make_user
from tests.referrals.factories import flagged_case, make_referral

pytestmark = pytest.mark.browser


def test_police_read_the_reasons_open_the_referred_file_and_record_their_decision(page):
    case = flagged_case()
    make_referral(case=case, up_to="handed_over")
    worker = case.workers[0].worker
    make_user(role=Role.POLICE, username="police-b", display_name="刘警官")

    log_in(page, "police-b")
    page.wait_for_url("**/")
    page.locator("#role-nav").get_by_text("线索与移送").click()
    card = page.locator(f"[data-contractor='{case.employer.name}']")
    assert "移送公安机关候选" in card.inner_text()
    assert "以逃跑、藏匿等方法逃避支付" in card.inner_text()
    assert "S-JI art. 2; S-100" in card.inner_text()

    card.get_by_role("link", name=case.number).click()
    assert page.locator("#referral-status").inner_text() == "已移送待公安接收"
    assert worker.id_number not in page.locator("#worker-table").inner_text()
    assert page.locator("#checklist [data-met='no']").count() == 0

    page.get_by_label("接收民警").fill("刘警官")
    page.get_by_role("button", name="记录接收").click()
    assert page.get_by_text("已记录公安机关接收。").is_visible()

    page.get_by_label("立案", exact=True).check()
    page.get_by_role("button", name="记录决定").click()
    assert page.get_by_text("决定立案的，请填写公安机关的案件编号。").first.is_visible()
    page.get_by_label("公安案件编号（立案时必填）").fill("徐经公刑立字〔2026〕88号")
    page.get_by_role("button", name="记录决定").click()
    assert page.get_by_text("已记录立案审查决定。").is_visible()
    assert page.locator("#referral-status").inner_text() == "公安已立案"
    assert page.locator("#police-case-number").inner_text() == "徐经公刑立字〔2026〕88号"
    assert page.locator("[data-step='materials']").is_visible()

    page.get_by_role("button", name="显示完整身份信息（记入审计）").click()
    assert worker.id_number in page.locator("#worker-table").inner_text()
    page.screenshot(path="test-artifacts/police-file.png", full_page=True)
    assert page.dialogs == []

    referral = db.session.scalar(db.select(PoliceReferral))
    db.session.refresh(referral)
    assert referral.police_decision is PoliceDecision.FILED
    assert db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "worker.unmask"))
