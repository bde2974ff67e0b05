"""A clerk takes a candidate employer from candidate to listed through notice and decision, and
finds it on the published list."""

import pytest
from playwright.sync_api import expect

from wagewatch.models import Role

from tests.browser.test_login import log_in
from tests.factories import make_user
from tests.web.blacklist.factories import candidate_case

pytestmark = pytest.mark.browser


def test_clerk_lists_a_candidate_through_notice_and_decision(page):
    case = candidate_case()
    make_user(role=Role.CLERK, username="clerk-bb", display_name="李监察")
    log_in(page, "clerk-bb")
    page.wait_for_url("**/")
    page.locator("#role-nav").get_by_text("黑名单").click()
    row = page.locator("#candidate-table tr", has_text="徐州恒达建设工程有限公司")
    expect(row).to_contain_text(case.number, use_inner_text=True)
    row.get_by_role("button", name="启动列入程序").click()
    expect(page.locator("#proceeding-status")).to_have_text("候选，待告知", use_inner_text=True)
    expect(page.locator("#deadlines")).to_contain_text("逾期", use_inner_text=True)

    page.get_by_role("link", name="送达列入告知书").click()
    page.get_by_label("告知书文号").fill("经开劳监告字〔2025〕1号")
    page.get_by_label("送达日期").fill("2025-03-17")
    page.get_by_label("送达方式").select_option(label="直接送达本人")
    page.get_by_role("button", name="登记送达告知书").click()
    expect(page.get_by_text("陈述申辩期至 2025-03-24")).to_be_visible()
    expect(page.locator("#proceeding-status")).to_have_text("已告知，陈述申辩期", use_inner_text=True)

    page.get_by_role("link", name="作出列入决定").click()
    page.get_by_label("列入决定书文号").fill("经开劳监列字〔2025〕1号")
    page.get_by_label("决定日期").fill("2025-03-24")
    page.get_by_label("主要失信事实（公示）").fill("拖欠2名农民工工资24,000元，经责令限期支付逾期仍未支付")
    page.get_by_role("button", name="作出列入决定").click()
    expect(page.get_by_text("陈述申辩期至2025-03-24尚未届满")).to_be_visible()
    expect(page.get_by_label("列入决定书文号")).to_have_value("经开劳监列字〔2025〕1号")
    page.get_by_label("决定日期").fill("2025-03-25")
    page.get_by_role("button", name="作出列入决定").click()
    expect(page.get_by_text("已作出列入决定，列入期限 2025-03-25 至 2028-03-25", exact=False).first).to_be_visible()
    expect(page.locator("#proceeding-status")).to_have_text("已决定列入（名单期内）", use_inner_text=True)
    persons = page.locator(".listed-persons").inner_text()
    assert "王建国" in persons and "3203**********1239" in persons
    page.screenshot(path="test-artifacts/blacklist-proceeding.png", full_page=True)

    page.locator("#role-nav").get_by_text("公示").click()
    published = page.locator("#publication-table")
    expect(published).to_contain_text("徐州恒达建设工程有限公司", use_inner_text=True)
    expect(published).to_contain_text("经开劳监列字〔2025〕1号", use_inner_text=True)
    assert page.dialogs == []
