"""The auditor's log in Chromium at 1366×900: Chinese words, pick-list filters, long changes
wrapping inside the page, and the export of the filtered log."""

import openpyxl
import pytest
from playwright.sync_api import expect

from wagewatch.extensions import db
from wagewatch.models import Role
from wagewatch.services import audit

from tests.browser.test_login import log_in
from tests.factories import make_user

pytestmark = pytest.mark.browser


def test_the_auditor_filters_reads_and_exports_the_log(page, tmp_path):
    clerk = make_user(username="zhao", display_name="赵文", role=Role.CLERK)
    make_user(username="shen", display_name="沈审计", role=Role.AUDITOR)
    audit.record("case.update", object_type="case", object_id=12, actor=clerk,
                 changes=audit.changes_between(
                     {"summary": "甲" * 20, "status": "registered"},
                     {"summary": "拖欠工资" * 60 + "x" * 120, "status": "investigating"}))
    audit.record("recovery.create", object_type="recovery", object_id=3, actor=clerk,
                 changes={"payer": [None, "general_contractor"]})
    db.session.commit()
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, "shen")
    page.goto("/audit/")
    page.get_by_label("操作人").select_option(label="赵文（zhao）")
    page.get_by_label("操作", exact=True).select_option(label="修改案件信息")
    page.get_by_role("button", name="查询").click()
    page.wait_for_url("**action=case.update*")
    page.wait_for_load_state()
    rows = page.locator("#audit-table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("已登记待受理 → 已立案调查", use_inner_text=True)
    expect(rows.first.locator(".audit-role")).to_have_text("监察员", use_inner_text=True)
    # The long change wraps inside the page: nothing scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    table = page.locator("#audit-table").bounding_box()
    assert table["x"] + table["width"] <= 1366
    page.screenshot(path="test-artifacts/audit-log.png", full_page=True)
    with page.expect_download() as info:
        page.locator("#export-audit").click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    sheet = openpyxl.load_workbook(path)["审计日志"]
    assert [row[4] for row in sheet.iter_rows(min_row=3, values_only=True)] == ["修改案件信息"]
