"""The second factor in Chromium: enrolment at first login, and signing in with a code."""

import re

import pytest
from playwright.sync_api import expect

from wagewatch.models import Role

from tests.browser.test_login import log_in
from tests.factories import PASSWORD, make_user, pending_second_factor_code, second_factor_code

pytestmark = pytest.mark.browser


def test_first_login_enrols_the_authenticator_and_shows_the_recovery_codes_once(page):
    make_user(role=Role.LEADER, username="new-leader", must_change_password=True,
              second_factor=False)
    log_in(page, "new-leader")
    page.wait_for_url("**/auth/password")
    page.get_by_label("当前密码").fill(PASSWORD)
    page.get_by_label("新密码", exact=True).fill("Brand-new-2026")
    page.get_by_label("确认新密码").fill("Brand-new-2026")
    page.get_by_role("button", name="修改密码").click()
    page.wait_for_url("**/auth/enrol**")
    qr = page.get_by_alt_text("验证器二维码")
    expect(qr).to_be_visible()
    assert qr.evaluate("image => image.complete && image.naturalWidth > 100")
    page.get_by_label("验证码").fill("12345")
    page.get_by_role("button", name="绑定").click()
    expect(page.get_by_text("验证码不正确")).to_be_visible()
    page.get_by_label("验证码").fill(pending_second_factor_code("new-leader"))
    page.get_by_role("button", name="绑定").click()
    expect(page.locator("#recovery-codes li")).to_have_count(10)  # waits for the POST's page
    codes = page.locator("#recovery-codes li").all_inner_texts()
    assert all(re.fullmatch(r"\w{4}-\w{4}-\w{4}", c) for c in codes)
    page.get_by_role("link", name="我已保存恢复码，继续").click()
    page.wait_for_url("**/")
    expect(page.locator("#whoami")).to_contain_text("领导", use_inner_text=True)
    page.goto("/auth/enrol")  # never shown again
    expect(page.locator("#recovery-codes")).to_have_count(0)
    expect(page.get_by_alt_text("验证器二维码")).to_have_count(0)


def test_police_sign_in_with_a_code_and_a_wrong_code_is_refused(page):
    make_user(role=Role.POLICE, username="police-2fa")
    page.goto("/auth/login")
    page.get_by_label("用户名").fill("police-2fa")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/auth/second-factor**")
    page.goto("/police/")
    assert "/auth/second-factor" in page.url  # a password alone opens no police page
    page.get_by_label("验证码").fill("000000")
    page.get_by_role("button", name="验证").click()
    expect(page.get_by_text("验证码不正确或已使用过")).to_be_visible()
    page.get_by_label("验证码").fill(second_factor_code("police-2fa"))
    page.get_by_role("button", name="验证").click()
    page.wait_for_url("**/police/")
    expect(page.locator("#whoami")).to_contain_text("公安民警", use_inner_text=True)
