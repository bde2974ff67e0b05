"""The complaint form without friction: today offered, an employer and a project found by typing part
of their names, workers pasted from Excel, and every worker's amount confirmed in one step."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from wagewatch.extensions import db
from wagewatch.models import Case, Role
from wagewatch.services.reference.calendar import today

from tests.browser.test_login import log_in
from tests.factories import make_project, make_user
from tests.web.cases.factories import make_employer, valid_id_number

pytestmark = pytest.mark.browser



def _paste(page, selector: str, text: str) -> None:
    """Paste ``text`` into the field as Ctrl+V from Excel would (a paste event with the text)."""
    page.locator(selector).focus()
    page.evaluate("""([selector, text]) => {
        const data = new DataTransfer();
        data.setData("text/plain", text);
        document.querySelector(selector).dispatchEvent(
            new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true}));
    }""", [selector, text])


def test_clerk_pastes_workers_from_excel_picks_a_project_by_typing_and_confirms_all(page):
    make_user(role=Role.CLERK, username="clerk-f", display_name="李监察")
    make_employer()
    for name in ("金山桥安置房二期工程", "大庙镇道路改造工程", "徐庄学校扩建工程"):
        make_project(name=name)
    log_in(page, "clerk-f")
    page.wait_for_url("**/")
    page.goto("/cases/new")

    expect(page.get_by_label("收到投诉日期")).to_have_value(today().isoformat())
    page.get_by_label("投诉渠道").select_option(label="12333热线")
    page.get_by_label("镇（街道）").select_option(label="金山桥街道")
    employer = page.get_by_label("用人单位", exact=True)
    employer.fill("恒达")  # two characters are enough to be offered the registered employer
    expect(page.locator("#contractor-options option")).to_have_attribute("value", "徐州恒达建设工程有限公司")
    employer.fill("徐州恒达建设工程有限公司")
    project = page.get_by_label("项目", exact=True)
    project.fill("道路")  # the suggestions come from the lookup; choosing one fills its name
    expect(page.locator("#project-options option")).to_have_count(1)
    expect(page.locator("#project-options option")).to_have_attribute("value", "大庙镇道路改造工程")
    project.fill("大庙镇道路改造工程")
    page.get_by_label("投诉事由").fill("拖欠2026年6月至8月工资")

    rows = [("张伟", valid_id_number(seq="201"), "13912340001", "2026-06-01", "2026/8/31", "3", "9000"),
            ("王芳", valid_id_number(seq="202"), "", "2026-06-01", "2026-08-31", "3", "8800.50"),
            ("李强", valid_id_number(seq="203"), "", "", "", "2", "6000"),
            ("赵敏", valid_id_number(seq="204"), "", "", "", "1", "3000")]
    _paste(page, "#workers-0-name", "\r\n".join("\t".join(r) for r in rows) + "\r\n")
    expect(page.locator("#worker-rows tr.worker-row")).to_have_count(4)  # a fourth row was added
    expect(page.locator("#workers-3-name")).to_have_value("赵敏")
    expect(page.locator("#workers-0-work_to")).to_have_value("2026-08-31")
    expect(page.locator("#workers-1-claimed_yuan")).to_have_value("8800.50")
    id_box = page.locator("#workers-0-id_number").bounding_box()
    assert id_box["width"] >= 150  # the whole 18-character number shows
    page.get_by_role("button", name="登记").click()
    expect(page.locator("#worker-table tbody tr")).to_have_count(4)
    case = db.session.scalar(db.select(Case))
    assert case.project.name == "大庙镇道路改造工程"

    page.get_by_role("link", name="受理并立案").click()
    expect(page.get_by_label("受理（立案）日期")).to_have_value(today().isoformat())
    page.get_by_role("button", name="受理并立案").click()
    page.get_by_role("link", name="一次核定全部工人金额").click()
    page.locator("tr[data-worker='王芳'] input[name$='confirmed_yuan']").fill("8000")
    page.get_by_role("button", name="保存全部核定金额").click()
    expect(page.get_by_text("已核定 4 名工人的欠薪金额。")).to_be_visible()
    db.session.expire_all()
    confirmed = {cw.worker.name: cw.confirmed_yuan for cw in case.workers}
    assert confirmed == {"张伟": Decimal("9000.00"), "王芳": Decimal("8000.00"),
                         "李强": Decimal("6000.00"), "赵敏": Decimal("3000.00")}
    assert page.dialogs == []
