"""A clerk narrows the blacklist candidates at 1366×900: the township filter keeps its candidate,
the list is ordered by the decision's due date, and 启动列入程序 stays on one line."""

from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

from wagewatch.extensions import db
from wagewatch.models import Role, Township

from tests.browser.test_login import log_in
from tests.factories import make_user
from tests.web.blacklist.factories import clerk
from tests.web.blacklist.test_lists import flagged

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parent.parent.parent / "instance" / "screenshots"


def test_clerk_filters_the_candidates_and_the_start_button_keeps_one_line(page):
    office_id = clerk().office_id
    far = Township(office_id=office_id, name="大黄山街道", sort_order=9)
    db.session.add(far)
    db.session.commit()
    # Long names and reasons, as the real list has: the button must still not wrap.
    flagged("徐州经济技术开发区金山桥建筑劳务分包有限责任公司第三项目部", date(2025, 5, 12))
    flagged("徐州丙建设有限公司", date(2025, 3, 10), township=far)
    make_user(role=Role.CLERK, username="clerk-bf", display_name="李监察")
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, "clerk-bf")
    page.wait_for_url("**/")
    page.goto("/blacklist/")
    rows = page.locator("#candidate-table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("徐州丙建设有限公司", use_inner_text=True)  # its decision falls due first
    button = rows.nth(0).get_by_role("button", name="启动列入程序")
    line = page.locator("#candidate-table td").first.evaluate(
        "cell => parseFloat(getComputedStyle(cell).lineHeight) || 24")
    assert button.bounding_box()["height"] < 1.6 * line + 12  # one line of text and padding
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "blacklist-candidates-1366.png"), full_page=True)

    page.get_by_label("镇（街道）").select_option(label="大黄山街道")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url("**township=*")
    expect(rows).to_have_count(1)
    expect(rows.nth(0)).to_contain_text("徐州丙建设有限公司", use_inner_text=True)
    page.get_by_label("届满时欠薪（元）自").fill("很多")
    page.get_by_role("button", name="筛选").click()
    expect(page.get_by_text("请输入以元为单位的金额")).to_be_visible()
    expect(page.get_by_label("届满时欠薪（元）自")).to_have_value("很多")
