"""The police read full citations, never internal keys: on the referral list, the flag reasons of
the file (with each article's wording on demand) and a later payment as the ground to mitigate."""

import re
from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from wagewatch.models import Payer, Role
from wagewatch.services.cases import payments

from tests.browser.test_login import log_in
from tests.factories import make_user
from tests.web.referrals.factories import make_referral

pytestmark = pytest.mark.browser

KEYS = ("S-JI", "S-45", "S-310", "S-100", "Criminal Law", "art.")


def test_the_police_file_shows_full_citations_their_wording_and_the_ground_to_mitigate(page):
    referral = make_referral(up_to="handed_over")
    case = referral.case
    payments.record_recovery(case, payments.RecoveryInput(
        date(2026, 10, 20), Decimal("6000.00"), Payer.EMPLOYER, None, None,
        {case.workers[0].id: Decimal("6000.00")}), case.handler)
    make_user(role=Role.POLICE, username="police-cite", display_name="王警官")

    log_in(page, "police-cite")
    page.wait_for_url("**/")
    page.goto("/police/referrals")
    listing = page.locator("main").inner_text()
    assert "《行政执法机关移送涉嫌犯罪案件的规定》（国务院令第310号）第八条" in listing

    page.get_by_role("link", name=case.number).first.click()
    grounds = page.locator("#referral-grounds")
    expect(grounds).to_contain_text("涉嫌拒不支付劳动报酬罪", use_inner_text=True)
    text = grounds.inner_text()
    assert "涉嫌拒不支付劳动报酬罪，移送公安机关候选" in text
    assert "《最高人民法院关于审理拒不支付劳动报酬刑事案件适用法律若干问题的解释》第三条第（一）项" in text
    assert "《中华人民共和国刑法》第二百七十六条之一" in text
    assert not any(key in text for key in KEYS), text

    mitigation = page.locator("#mitigation")
    expect(mitigation).to_contain_text("可以减轻或者免除处罚的情节", use_inner_text=True)
    expect(mitigation).to_contain_text("《中华人民共和国刑法》第二百七十六条之一第三款", use_inner_text=True)
    wording = mitigation.locator("details.wording")
    expect(wording.locator("div").first).to_be_hidden()  # the article's words on demand
    wording.locator("summary").click()
    expect(wording).to_contain_text("（原文）", use_inner_text=True)
    assert "在提起公诉前支付劳动者的劳动报酬，并依法承担相应赔偿责任的，可以减轻或者免除处罚。" \
        in wording.inner_text()

    first_reason = grounds.locator("details.wording").first
    first_reason.locator("summary").click()
    expect(first_reason).to_contain_text(re.compile("（要旨）|（原文）"), use_inner_text=True)
    page.screenshot(path="test-artifacts/police-citations.png", full_page=True)
    assert page.dialogs == []


def test_on_the_police_list_a_reason_s_article_link_leads_to_its_words_at_the_foot(page):
    from tests.web.referrals.factories import flagged_case

    case = flagged_case()
    make_user(role=Role.POLICE, username="police-list", display_name="赵警官")
    log_in(page, "police-list")
    page.wait_for_url("**/")
    page.goto("/police/")
    expect(page.locator("#candidates")).to_contain_text(case.employer.name, use_inner_text=True)
    link = page.locator("#candidates a.wording-link").first
    target = link.get_attribute("href")
    link.click()
    page.wait_for_url(f"**/police/{target}")
    entry = page.locator(target)
    expect(entry).to_be_in_viewport()
    expect(entry).to_contain_text(re.compile("（要旨）|（原文）"), use_inner_text=True)
    page.screenshot(path="test-artifacts/police-list-wording.png", full_page=False)
    assert page.dialogs == []
