"""The clerk's and the police officer's homes in Chromium at 1366×900: a due item appears in the
clerk's queue, its button does the step and the item leaves; the police inbox shows a referral
handed over with its clock."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from wagewatch.models import Role
from wagewatch.services.reference.calendar import today

from tests.browser.test_login import log_in
from tests.factories import make_user
from tests.web.blacklist.factories import candidate_case, make_listed_employer
from tests.web.cases.factories import make_employer, register
from tests.web.referrals.factories import make_referral

pytestmark = pytest.mark.browser


def test_a_clerk_does_the_next_step_from_the_home_and_the_item_leaves_the_queue(page):
    clerk = make_user(role=Role.CLERK, username="clerk-home", display_name="李监察")
    complaint = register(clerk=clerk, received_on=today() - timedelta(days=1))
    register(clerk=clerk, received_on=today() - timedelta(days=12),
             employer=make_employer(name="徐州宏远劳务有限公司"))
    candidate_case(actor=clerk, employer=make_listed_employer(name="徐州鑫盛建筑工程有限公司"))
    make_referral(clerk=clerk)

    log_in(page, "clerk-home")
    page.wait_for_url("**/")
    queue = page.locator("#queue-table")
    kinds = queue.locator("tbody tr").evaluate_all("rows => rows.map(r => r.dataset.kind)")
    assert {"pay_by", "candidate", "acceptance", "referral"} <= set(kinds)
    expect(queue.locator("tbody tr").first).to_contain_text("已逾期", use_inner_text=True)
    page.screenshot(path="test-artifacts/homes-clerk.png", full_page=True)

    row = page.locator(f"#queue-table tr[data-subject='{complaint.number}']")
    expect(row).to_contain_text("投诉待受理", use_inner_text=True)
    row.get_by_role("link", name="受理并立案").click()
    page.get_by_label("受理（立案）日期").fill(today().isoformat())
    page.get_by_role("button", name="受理并立案").click()
    expect(page.locator("#case-status")).to_have_text("已立案调查", use_inner_text=True)

    page.locator("#role-nav").get_by_text("首页").click()
    expect(page.locator(f"#queue-table tr[data-subject='{complaint.number}']")).to_have_count(0)
    expect(page.locator("#queue-table tr[data-kind='acceptance']")).to_have_count(1)  # the other one
    page.get_by_role("link", name="我承办的", exact=True).click()
    page.wait_for_url("**mine=1*")
    expect(page.locator("#queue-table tbody tr").first).to_be_visible()
    assert page.dialogs == []


def test_the_police_inbox_shows_a_handed_over_referral_with_its_clock(page):
    handed = make_referral(up_to="handed_over")
    received = make_referral(up_to="received", clerk=make_user(role=Role.CLERK, username="clerk-b"))
    make_user(role=Role.POLICE, username="police-home", display_name="刘警官")

    log_in(page, "police-home")
    page.wait_for_url("**/")
    inbox = page.locator("#police-inbox")
    first = inbox.locator(f"li[data-referral='{handed.case.number}']")
    expect(first).to_contain_text("公安机关接收", use_inner_text=True)
    expect(first).to_contain_text("待接收", use_inner_text=True)
    decision = inbox.locator(f"li[data-referral='{received.case.number}']")
    expect(decision).to_contain_text("公安机关立案审查：已逾期", use_inner_text=True)
    expect(decision.locator("[role=progressbar]")).to_have_count(1)
    expect(page.locator("#new-flags li").first).to_be_visible()
    page.screenshot(path="test-artifacts/homes-police.png", full_page=True)

    first.get_by_role("link", name="记录公安机关接收").click()
    page.get_by_label("接收民警").fill("刘警官")
    page.get_by_role("button", name="记录接收").click()
    expect(page.get_by_text("已记录公安机关接收。")).to_be_visible()
    page.locator("#role-nav").get_by_text("首页").click()
    expect(page.locator(f"#police-inbox li[data-referral='{handed.case.number}']")).to_contain_text(
        "公安机关立案审查", use_inner_text=True)
