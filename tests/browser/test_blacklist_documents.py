"""A clerk serves a blacklist notice, decides after the objection window and downloads both
instruments from the proceeding page; a notice made first is served later through its 送达回证, and
the decision's service is recorded the same way."""

import re

import docx
import pytest
from playwright.sync_api import expect

from wagewatch.models import Role

from tests.browser.test_login import log_in
from tests.factories import make_user
from tests.web.blacklist.factories import candidate_case

pytestmark = pytest.mark.browser


def _docx_text(path) -> str:
    document = docx.Document(path)
    return "\n".join([p.text for p in document.paragraphs] + [
        c.text for t in document.tables for r in t.rows for c in r.cells])


def test_clerk_downloads_the_notice_and_the_decision_of_a_proceeding(page):
    case = candidate_case()
    make_user(role=Role.CLERK, username="clerk-bd", display_name="李监察")
    log_in(page, "clerk-bd")
    page.wait_for_url("**/")
    page.locator("#role-nav").get_by_text("黑名单").click()
    page.locator("#candidate-table tr", has_text="徐州恒达建设工程有限公司").get_by_role(
        "button", name="启动列入程序").click()

    page.get_by_role("link", name="送达列入告知书").click()
    page.get_by_label("送达日期").fill("2025-03-17")
    page.get_by_label("送达方式").select_option(label="直接送达本人")
    page.get_by_role("button", name="登记送达告知书").click()
    expect(page.get_by_text("陈述申辩期至 2025-03-24")).to_be_visible()

    page.get_by_role("link", name="作出列入决定").click()
    page.get_by_label("决定日期").fill("2025-03-25")
    page.get_by_label("主要失信事实（公示）").fill("拖欠2名农民工工资24,000元，经责令限期支付逾期仍未支付")
    page.get_by_role("button", name="作出列入决定").click()
    table = page.locator("#document-table")
    expect(table).to_contain_text("经开劳监列告〔2025〕001号", use_inner_text=True)
    expect(table).to_contain_text("经开劳监列决〔2025〕001号", use_inner_text=True)

    with page.expect_download() as notice_download:
        table.locator("[data-download='blacklist_notice-1']").click()
    notice = _docx_text(notice_download.value.path())
    assert case.number in notice and "5个工作日内（即2025年3月24日前）" in notice
    assert "王建国" in notice and "人民币贰万肆仟元整" in notice
    with page.expect_download() as decision_download:
        table.locator("[data-download='listing_decision-1']").click()
    decision = _docx_text(decision_download.value.path())
    assert "列入事由" in decision and "救济措施" in decision and "2025年3月25日" in decision
    assert page.dialogs == []


def _serve_on_form(page, day: str) -> None:
    """The 送达回证 form of an instrument: recipient and place come filled in from the employer."""
    page.get_by_label("送达方式").select_option(label="直接送达本人")
    page.get_by_label("送达（收到）日期").fill(day)
    page.get_by_label("送达人", exact=True).fill("李明、周强")
    page.get_by_role("button", name="登记送达").click()
    page.wait_for_load_state()


def test_clerk_makes_the_notice_serves_it_later_and_serves_the_decision(page):
    case = candidate_case()
    make_user(role=Role.CLERK, username="clerk-bs", display_name="周监察")
    log_in(page, "clerk-bs")
    page.wait_for_url("**/")
    page.locator("#role-nav").get_by_text("黑名单").click()
    page.locator("#candidate-table tr", has_text="徐州恒达建设工程有限公司").get_by_role(
        "button", name="启动列入程序").click()

    page.get_by_role("link", name="制作告知书（稍后送达）").click()
    page.get_by_label("文书日期").fill("2025-03-17")
    page.get_by_role("button", name="制作告知书").click()
    page.wait_for_load_state()
    expect(page.locator("#notice-service")).to_have_text(re.compile("^" + re.escape("未送达")), use_inner_text=True)
    expect(page.locator("#deadlines")).not_to_contain_text("陈述申辩期", use_inner_text=True)
    expect(page.get_by_role("link", name="登记异议")).to_have_count(0)

    page.locator("#serve-notice").click()
    _serve_on_form(page, "2025-03-20")
    expect(page.get_by_text("已登记《拟列入拖欠农民工工资失信联合惩戒对象名单告知书》的送达")).to_be_visible()
    expect(page.locator("#notice-service")).to_contain_text("2025-03-20，直接送达本人", use_inner_text=True)
    expect(page.locator("#deadlines")).to_contain_text("陈述申辩期（送达后5个工作日）：2025-03-27", use_inner_text=True)

    page.get_by_role("link", name="作出列入决定").click()
    page.get_by_label("决定日期").fill("2025-03-28")
    page.get_by_label("主要失信事实（公示）").fill("拖欠2名农民工工资24,000元，经责令限期支付逾期仍未支付")
    page.get_by_role("button", name="作出列入决定").click()
    page.wait_for_load_state()
    listing = page.locator("[data-listing]")
    expect(listing).to_contain_text("未送达", use_inner_text=True)
    page.locator("#serve-decision").click()
    _serve_on_form(page, "2025-03-31")
    listing = page.locator("[data-listing]")
    expect(listing).to_contain_text("2025-03-31，直接送达本人", use_inner_text=True)
    expect(listing).not_to_contain_text("未送达", use_inner_text=True)
    table = page.locator("#document-table")
    expect(table.locator("[data-download='service_receipt-1']")).to_have_count(2)   # one per instrument
    with page.expect_download() as notice_download:
        table.locator("[data-download='blacklist_notice-1']").click()
    assert case.number in _docx_text(notice_download.value.path())
    assert page.dialogs == []
