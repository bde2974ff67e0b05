"""A police officer logs in, reads why a contractor is flagged, opens the case referred to them
and records receipt and the decision to file it, clicked through the real pages in Chromium."""

import pytest
from playwright.sync_api import expect

from wagewatch.extensions import db
from wagewatch.models import AuditEvent, PoliceDecision, PoliceReferral, Role

from tests.browser.test_login import log_in
from tests.factories import make_user
from tests.web.referrals.factories import flagged_case, make_referral

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
    expect(card).to_contain_text("移送公安机关候选", use_inner_text=True)
    expect(card).to_contain_text("以逃跑、藏匿等方法逃避支付", use_inner_text=True)
    expect(card).to_contain_text(
        "《最高人民法院关于审理拒不支付劳动报酬刑事案件适用法律若干问题的解释》第二条", use_inner_text=True)
    # The police read the law's title, not an internal key.
    expect(card).not_to_contain_text("S-JI", use_inner_text=True)

    card.get_by_role("link", name=case.number).click()
    expect(page.locator("#referral-status")).to_have_text("已移送待公安接收", use_inner_text=True)
    expect(page.locator("#worker-table")).not_to_contain_text(worker.id_number, use_inner_text=True)
    expect(page.locator("#checklist [data-met='no']")).to_have_count(0)

    page.get_by_label("接收民警").fill("刘警官")
    page.get_by_role("button", name="记录接收").click()
    expect(page.get_by_text("已记录公安机关接收。")).to_be_visible()

    page.get_by_label("立案", exact=True).check()
    page.get_by_role("button", name="记录决定").click()
    expect(page.get_by_text("决定立案的，请填写公安机关的案件编号。").first).to_be_visible()
    page.get_by_label("公安案件编号（立案时必填）").fill("徐经公刑立字〔2026〕88号")
    page.get_by_role("button", name="记录决定").click()
    expect(page.get_by_text("已记录立案审查决定。")).to_be_visible()
    expect(page.locator("#referral-status")).to_have_text("公安已立案", use_inner_text=True)
    expect(page.locator("#police-case-number")).to_have_text("徐经公刑立字〔2026〕88号", use_inner_text=True)
    expect(page.locator("[data-step='materials']")).to_be_visible()

    page.get_by_role("button", name="显示完整身份信息（记入审计）").click()
    expect(page.locator("#worker-table")).to_contain_text(worker.id_number, use_inner_text=True)
    page.screenshot(path="test-artifacts/police-file.png", full_page=True)
    assert page.dialogs == []

    referral = db.session.scalar(db.select(PoliceReferral))
    db.session.refresh(referral)
    assert referral.police_decision is PoliceDecision.FILED
    assert db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "worker.unmask"))
