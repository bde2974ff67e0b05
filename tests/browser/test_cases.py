"""A clerk registers a three-worker complaint, orders payment, records the order's service by
posting with photos uploaded on the service form, downloads the 指令书 and its 送达回证, and records
a partial payment."""

from datetime import datetime

import docx
import pytest
from playwright.sync_api import expect

from wagewatch.extensions import db
from wagewatch.models import Case, PaymentOrder, Role
from wagewatch.rules.clock import CHINA_TZ
from wagewatch.services.documents import attachments

from tests.browser.test_login import log_in
from tests.factories import make_user
from tests.web.cases.factories import make_employer, valid_id_number
from tests.web.evidence import files

pytestmark = pytest.mark.browser


def _docx_text(path) -> str:
    """What a reader of the downloaded .docx sees: paragraphs and table cells."""
    document = docx.Document(path)
    return "\n".join([p.text for p in document.paragraphs] + [
        c.text for t in document.tables for r in t.rows for c in r.cells])


def test_clerk_registers_orders_payment_and_records_a_partial_payment(app, page):
    # The story's dates are fixed, so its "today" is too: from 8 December the investigation
    # limit of a case accepted on 22 September is within 10 working days, and the next step
    # would be its extension instead of the payment order.
    app.config["CLOCK"] = lambda: datetime(2026, 11, 27, 9, 0, tzinfo=CHINA_TZ)
    make_user(role=Role.CLERK, username="clerk-b", display_name="李监察")
    make_employer()
    log_in(page, "clerk-b")
    page.wait_for_url("**/")
    page.locator("#role-nav").get_by_text("案件").click()
    page.get_by_role("link", name="登记投诉").click()

    page.get_by_label("收到投诉日期").fill("2026-09-21")
    page.get_by_label("投诉渠道").select_option(label="12333热线")
    page.get_by_label("镇（街道）").select_option(label="金山桥街道")
    page.get_by_label("用人单位", exact=True).fill("徐州恒达建设工程有限公司")
    page.get_by_label("投诉事由").fill("拖欠2026年6月至8月工资")
    workers = [("张伟", "101", "13912340001"), ("王芳", "102", ""), ("李强", "103", "")]
    for i, (name, seq, phone) in enumerate(workers):
        page.locator(f"#workers-{i}-name").fill(name)
        page.locator(f"#workers-{i}-id_number").fill(valid_id_number(seq=seq))
        if phone:
            page.locator(f"#workers-{i}-phone").fill(phone)
        page.locator(f"#workers-{i}-months_owed").fill("3")
        page.locator(f"#workers-{i}-claimed_yuan").fill("9000")
    page.get_by_role("button", name="登记").click()
    expect(page.get_by_text("已登记案件 经开劳监〔2026〕0001号")).to_be_visible()
    expect(page.locator("#worker-table tbody tr")).to_have_count(3)
    expect(page.locator("#worker-table")).to_contain_text("139****0001", use_inner_text=True)

    # The next step is the one primary button; the clock shows how much of it has run.
    expect(page.locator("#case-actions .btn-primary")).to_have_text("受理并立案", use_inner_text=True)
    expect(page.locator("[data-deadline=acceptance]")).to_contain_text("个工作日", use_inner_text=True)
    page.get_by_role("link", name="受理并立案").click()
    page.get_by_label("受理（立案）日期").fill("2026-09-22")
    page.get_by_role("button", name="受理并立案").click()
    expect(page.locator("#case-status")).to_have_text("已立案调查", use_inner_text=True)
    expect(page.locator("[data-deadline=acceptance]")).to_have_count(0)  # no longer applies
    expect(page.locator("#case-actions .btn-primary")).to_have_text("责令限期支付", use_inner_text=True)

    page.get_by_role("link", name="责令限期支付").click()
    page.get_by_label("签发日期").fill("2026-09-29")
    page.get_by_label("限期（工作日）").fill("3")
    page.get_by_role("button", name="签发并生成指令书").click()
    expect(page.get_by_text("已签发经开劳监限支〔2026〕001号")).to_be_visible()
    expect(page.locator("#case-status")).to_have_text("已责令限期支付", use_inner_text=True)
    expect(page.locator("#order-table")).to_contain_text("未送达", use_inner_text=True)  # no clock before service

    order_row = page.locator("#document-table tr[data-kind=payment_order]")
    order_row.get_by_role("link", name="登记送达").click()
    page.get_by_label("送达地点").fill("金山桥安置房项目部门口")
    page.get_by_label("送达方式").select_option(label="在住所或经营场所张贴（拍照录像）")
    page.get_by_label("送达（收到）日期").fill("2026-09-29")
    page.get_by_label("时间").fill("10:30")
    page.get_by_label("送达人", exact=True).fill("李监察、周强")
    page.get_by_role("button", name="登记送达").click()
    expect(page.get_by_text("张贴送达须上传送达照片/视频")).to_be_visible()
    expect(page.get_by_label("送达地点")).to_have_value("金山桥安置房项目部门口")  # kept
    page.get_by_label("送达证据说明").fill("张贴于项目部大门")
    page.get_by_label("送达照片/视频", exact=True).set_input_files([
        {"name": "张贴现场1.jpg", "mimeType": "image/jpeg", "buffer": files.jpeg()},
        {"name": "张贴现场2.jpg", "mimeType": "image/jpeg", "buffer": files.jpeg(320, 240)}])
    page.get_by_role("button", name="登记送达").click()
    # Served 29 September: 30 September, National Day off, 8 and 9 October.
    expect(page.locator("#order-table")).to_contain_text("2026-10-09（送达后3个工作日）", use_inner_text=True)
    expect(order_row).to_contain_text("留置送达", use_inner_text=True)

    with page.expect_download() as order_download:
        order_row.locator("[data-download='payment_order-1']").click()
    assert order_download.value.suggested_filename == "责令限期支付（改正）指令书-经开劳监限支〔2026〕001号.docx"
    order_text = _docx_text(order_download.value.path())
    assert "经开劳监〔2026〕0001号" in order_text and "人民币贰万柒仟元整" in order_text
    with page.expect_download() as receipt_download:
        order_row.locator("[data-download='service_receipt-1']").click()
    receipt_text = _docx_text(receipt_download.value.path())
    assert "送达回证" in receipt_text and "2026年9月29日10时30分" in receipt_text
    assert "张贴于项目部大门" in receipt_text and "张贴现场1.jpg" in receipt_text
    order = db.session.scalar(db.select(PaymentOrder))
    assert sorted(a.original_name for a in attachments.attachments_of_payment_order(order.id)) == [
        "张贴现场1.jpg", "张贴现场2.jpg"]

    # The pay-by date has passed unpaid: extra compensation comes first, payments are under 更多操作.
    expect(page.locator("#case-actions .btn-primary")).to_have_text("责令加付赔偿金", use_inner_text=True)
    page.get_by_role("button", name="更多操作").click()
    page.get_by_role("link", name="记录支付").click()
    page.get_by_label("支付日期").fill("2026-10-12")
    page.get_by_label("支付金额（元）").fill("12000")
    page.get_by_label("支付方").select_option(label="施工总承包单位先行清偿")
    page.get_by_label("张伟本次支付").fill("9000")
    page.get_by_label("王芳本次支付").fill("3000")
    page.get_by_role("button", name="记录支付").click()
    expect(page.get_by_text("已记录支付 12,000.00 元")).to_be_visible()
    expect(page.locator("#total-recovered")).to_have_text("12,000.00", use_inner_text=True)
    expect(page.locator("#total-outstanding")).to_have_text("15,000.00", use_inner_text=True)
    assert len(page.locator("#timeline li").all()) >= 4
    page.screenshot(path="test-artifacts/case-detail.png", full_page=True)
    page.screenshot(path="test-artifacts/homes-case-detail.png", full_page=True)
    case = db.session.scalar(db.select(Case))
    assert case.number == "经开劳监〔2026〕0001号"


def test_a_short_case_number_in_the_search_box_lands_on_the_case(page):
    clerk = make_user(role=Role.CLERK, username="clerk-s", display_name="李监察")
    from tests.web.cases.factories import register
    register(clerk=clerk)
    case = register(clerk=clerk)
    log_in(page, "clerk-s")
    page.wait_for_url("**/")
    page.goto("/cases/")
    page.get_by_label("案号、单位或工人姓名").fill("2026-2")
    page.get_by_label("案号、单位或工人姓名").press("Enter")
    page.wait_for_url(f"**/cases/{case.id}")
    expect(page.locator("h1, h2").first).to_contain_text(case.number, use_inner_text=True)
