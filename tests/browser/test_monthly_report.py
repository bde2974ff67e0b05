"""A leader opens the monthly report page, issues October and watches the issue's progress page
finish in Chromium, then downloads it; the downloaded file is reopened and checked."""

import hashlib
import threading
from contextlib import contextmanager

import openpyxl
import pytest
from playwright.sync_api import expect

from wagewatch.services.reports import monthly_reports

from tests.browser.test_login import log_in
from tests.reports.monthly_data import build

pytestmark = pytest.mark.browser


@contextmanager
def _issuing_october(page, release: threading.Event):
    """Issue October from the monthly report page, the issue held (until ``release`` is set, at
    the latest on leaving the block) while the progress page shows it running: the page's own
    polling then shows how it ends."""
    issue = page.locator("#issue-form")
    issue.get_by_label("月份").fill("2026-10")
    try:
        issue.get_by_role("button", name="签发").click()
        page.wait_for_url("**/reports/monthly/jobs/*")
        expect(page.locator("#export-status")).to_have_text("正在签发")
        yield
    finally:
        release.set()


def test_a_leader_issues_and_downloads_the_monthly_report(page, tmp_path, monkeypatch):
    data = build()
    # The issue waits until the test has seen it running, so the page's polling is what shows
    # it finish.
    release = threading.Event()
    collect = monthly_reports.collect
    monkeypatch.setattr(monthly_reports, "collect",
                        lambda *args: (release.wait(timeout=60), collect(*args))[1])
    log_in(page, "monthly-leader")
    page.wait_for_url("**/")
    page.locator("#role-nav").get_by_text("月度报告").click()
    with _issuing_october(page, release):
        expect(page.locator("#export-message")).to_be_hidden()
    expect(page.locator("#export-status")).to_have_text("已签发")
    expect(page.locator("#export-message")).to_have_text("已签发2026-10月度监察报告第1版。")
    with page.expect_download() as info:
        page.get_by_role("button", name="下载报告（Excel）").click()
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

    # Back on the list: the version is there, and re-issuing without a reason is refused
    # beside the field.
    page.get_by_role("link", name="返回月度监察报告").click()
    expect(page.locator("#report-table tr[data-period='2026-10'][data-version='1']")).to_be_visible()
    issue = page.locator("#issue-form")
    issue.get_by_label("月份").fill("2026-10")
    issue.get_by_role("button", name="签发").click()
    expect(page.locator("[data-field='reason']")).to_have_text(
        "2026-10已签发第1版；重新签发须填写理由。", use_inner_text=True)
    expect(issue.get_by_label("月份")).to_have_value("2026-10")
    page.screenshot(path="test-artifacts/monthly-report.png", full_page=True)
    assert page.dialogs == []


def test_an_issue_that_fails_while_watched_offers_to_issue_again(page, monkeypatch):
    build()
    release = threading.Event()

    def failing(*args):
        release.wait(timeout=60)
        raise RuntimeError("disk full")

    monkeypatch.setattr(monthly_reports, "collect", failing)
    log_in(page, "monthly-leader")
    page.goto("/reports/monthly/")
    with _issuing_october(page, release):
        expect(page.locator("#issue-again")).to_be_hidden()
    # The page's polling, not a reload, shows the failure and the way back to issuing.
    expect(page.locator("#export-status")).to_have_text("签发失败")
    expect(page.locator("#export-error")).to_contain_text("未签发任何版本，请重新签发")
    page.get_by_role("link", name="重新签发").click()
    page.wait_for_url("**/reports/monthly/")
    expect(page.locator("#issue-form")).to_be_visible()
