"""A clerk sees the day's reminder badge, opens the digest and goes from its line to the step."""

from datetime import date, datetime

import pytest
from playwright.sync_api import expect

from wagewatch.models import Role
from wagewatch.rules.clock import CHINA_TZ
from wagewatch.services.reminders import send_digests

from tests.browser.test_login import log_in
from tests.factories import make_user
from tests.web.cases.factories import register

pytestmark = pytest.mark.browser


def test_clerk_opens_the_digest_and_goes_to_the_overdue_step(app, page):
    app.config["CLOCK"] = lambda: datetime(2026, 11, 27, 9, 0, tzinfo=CHINA_TZ)
    clerk = make_user(role=Role.CLERK, username="clerk-digest", display_name="李监察")
    late = register(clerk=clerk, received_on=date(2026, 11, 16))
    with app.test_request_context("/"):
        assert send_digests(date(2026, 11, 27), "http://127.0.0.1").made == 1

    log_in(page, "clerk-digest")
    page.wait_for_url("**/")
    expect(page.locator("#unread-reminders")).to_have_text("1", use_inner_text=True)
    page.locator("#reminders-link").click()
    digest = page.locator("section[data-day='2026-11-27']")
    expect(digest).to_contain_text("新", use_inner_text=True)
    digest.get_by_role("link", name=late.number, exact=False).click()
    page.wait_for_url(f"**/cases/{late.id}/accept")
    expect(page.locator("#unread-reminders")).to_have_count(0)
    app.config.pop("CLOCK", None)
    assert page.dialogs == []
