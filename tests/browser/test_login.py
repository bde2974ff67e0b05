"""Logging in, out and being locked out, clicked through the real pages in Chromium."""

import pytest
from playwright.sync_api import expect

from wagewatch.models import Role
from wagewatch.services.accounts.authentication import GENERIC_LOGIN_FAILURE
from wagewatch.web.navigation import items_for

from tests.factories import PASSWORD, make_user, second_factor_code

pytestmark = pytest.mark.browser


def log_in(page, username, password=PASSWORD):
    """Sign in through the login page, and the second-factor page when the user has one."""
    page.goto("/auth/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()
    if "/auth/second-factor" in page.url:
        page.get_by_label("验证码").fill(second_factor_code(username))
        page.get_by_role("button", name="验证").click()
        page.wait_for_load_state()


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_each_role_logs_in_and_sees_its_own_navigation(page, role):
    user = make_user(role=role, username=f"user-{role.value}", display_name="测试用户")
    log_in(page, f"user-{role.value}")
    page.wait_for_url("**/")
    links = page.locator("#role-nav a").all_inner_texts()
    assert links == [item.label for item in items_for(user)]
    expect(page.locator("#whoami")).to_contain_text(role.label, use_inner_text=True)
    assert page.dialogs == []


def test_admin_sees_user_management_and_police_does_not(page):
    make_user(role=Role.POLICE, username="police-1")
    log_in(page, "police-1")
    page.wait_for_url("**/")
    expect(page.locator("#role-nav").get_by_text("用户管理")).to_have_count(0)
    response = page.goto("/admin/users")
    assert response.status == 403
    assert "无权访问" in page.content()


def test_a_wrong_password_shows_the_generic_message(page):
    make_user(username="zhao")
    log_in(page, "zhao", "Wrong-pass-1")
    expect(page.get_by_text(GENERIC_LOGIN_FAILURE)).to_be_visible()
    expect(page.get_by_label("用户名")).to_have_value("zhao")  # what was typed is kept


def test_a_locked_account_stays_locked_even_with_the_right_password(page):
    make_user(username="zhao")
    for _ in range(5):
        log_in(page, "zhao", "Wrong-pass-1")
    log_in(page, "zhao", PASSWORD)
    expect(page.get_by_text(GENERIC_LOGIN_FAILURE)).to_be_visible()
    assert page.url.endswith("/auth/login")


def test_logout_ends_the_session_and_a_copied_cookie_is_refused(page, browser, live_server):
    make_user(username="zhao")
    log_in(page, "zhao")
    page.wait_for_url("**/")
    cookies = page.context.cookies()
    page.get_by_role("button", name="退出").click()
    expect(page.get_by_text("您已安全退出")).to_be_visible()
    page.goto("/")
    assert page.url.startswith(f"{live_server}/auth/login")
    thief = browser.new_context(base_url=live_server)
    thief.add_cookies(cookies)
    stolen = thief.new_page()
    stolen.goto("/")
    assert "/auth/login" in stolen.url
    thief.close()


def test_first_login_with_a_one_time_password_leads_to_the_password_change(page):
    make_user(username="newclerk", must_change_password=True)
    log_in(page, "newclerk")
    page.wait_for_url("**/auth/password")
    page.get_by_label("当前密码").fill(PASSWORD)
    page.get_by_label("新密码", exact=True).fill("short")
    page.get_by_label("确认新密码").fill("short")
    page.get_by_role("button", name="修改密码").click()
    expect(page.get_by_text("密码至少8位")).to_be_visible()
    page.get_by_label("当前密码").fill(PASSWORD)
    page.get_by_label("新密码", exact=True).fill("Brand-new-2026")
    page.get_by_label("确认新密码").fill("Brand-new-2026")
    page.get_by_role("button", name="修改密码").click()
    page.wait_for_url("**/")
    expect(page.get_by_text("密码已修改")).to_be_visible()


def test_a_script_in_a_name_is_shown_as_text(page):
    make_user(role=Role.ADMIN, username="admin-1")
    make_user(username="evil", display_name="<script>alert(1)</script>")
    log_in(page, "admin-1")
    page.wait_for_url("**/")
    page.goto("/admin/users")
    expect(page.get_by_text("<script>alert(1)</script>")).to_be_visible()
    assert page.dialogs == []
