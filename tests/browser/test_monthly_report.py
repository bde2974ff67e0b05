"""A leader opens the monthly report page, issues October and downloads it in Chromium; the
downloaded file is reopened and checked."""

import hashlib

import openpyxl
import pytest
from playwright.sync_api import expect

from wagewatch.services import monthly_reports

from tests.browser.test_login import log_in
from tests.reports.monthly_data import build

pytestmark = pytest.mark.browser


def test_a_leader_issues_and_downloads_the_monthly_report(page, tmp_path):
    data = build()
    log_in(page, "monthly-leader")
    page.wait_for_url("**/")
    page.locator("#role-nav").get_by_text("月度报告").click()
    issue = page.locator("#issue-form")
    issue.get_by_label("月份").fill("2026-10")
    issue.get_by_role("button", name="签发").click()
    expect(page.get_by_text("已签发2026-10月度监察报告第1版。")).to_be_visible()

    # Re-issuing without a reason is refused beside the field.
    issue = page.locator("#issue-form")
    issue.get_by_label("月份").fill("2026-10")
    issue.get_by_role("button", name="签发").click()
    expect(page.locator("[data-field='reason']")).to_have_text(
        "2026-10已签发第1版；重新签发须填写理由。", use_inner_text=True)

    page.screenshot(path="test-artifacts/monthly-report.png", full_page=True)
    row = page.locator("#report-table tr[data-period='2026-10'][data-version='1']")
    with page.expect_download() as info:
        row.get_by_role("button", name="下载").click()
    download = info.value
    assert download.suggested_filename == "月度监察报告-2026-10-v1.xlsx"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    report = monthly_reports.latest(data.office.id, "2026-10")
    assert hashlib.sha256(path.read_bytes()).hexdigest() == report.sha256
    book = openpyxl.load_workbook(path)
    totals = next(r for r in book["分镇街"].iter_rows(min_row=4, values_only=True) if r[0] == "合计")
    assert totals[1] == 3
    assert len(book["近12个月图表"]._charts) == 1  # the chart prints on its own page
    assert page.dialogs == []
