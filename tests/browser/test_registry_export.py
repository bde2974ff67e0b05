"""A leader asks for the whole registry, watches the page finish it and downloads the workbook."""

import openpyxl
import pytest
from playwright.sync_api import expect

from wagewatch.models import Role

from tests.browser.test_login import log_in
from tests.factories import make_user
from tests.web.cases.factories import register

pytestmark = pytest.mark.browser


def test_leader_exports_the_whole_registry_and_downloads_it(page, tmp_path):
    clerk = make_user(role=Role.CLERK, username="clerk-b")
    cases = [register(clerk=clerk) for _ in range(3)]
    make_user(role=Role.LEADER, username="leader-b")
    log_in(page, "leader-b")
    page.wait_for_url("**/")
    page.locator("#role-nav").get_by_text("案件").click()
    page.get_by_role("button", name="导出全部案件").click()
    page.wait_for_url("**/exports/*")
    link = page.locator("#export-download")
    link.wait_for(state="visible")  # shown by the page's polling script when the file is ready
    expect(page.locator("#export-status")).to_have_text("已生成", use_inner_text=True)
    expect(page.locator("#export-count")).to_have_text("已写入 3 / 3 件", use_inner_text=True)
    expect(page.locator("#export-progress")).to_have_attribute("value", "100")
    page.screenshot(path="test-artifacts/registry-export.png", full_page=True)
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename.startswith("全部案件-") and download.suggested_filename.endswith(".xlsx")
    target = tmp_path / "registry.xlsx"
    download.save_as(target)
    sheet = openpyxl.load_workbook(target)["案件"]
    assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)] == [c.number for c in cases]


def test_the_progress_page_follows_a_running_export_until_it_is_ready(page, app):
    from wagewatch.extensions import db
    from wagewatch.models import ExportJob, ExportStatus, utcnow
    from wagewatch.services.exports.registry_exports import export_folder

    leader = make_user(role=Role.LEADER, username="leader-b")
    job = ExportJob(office_id=leader.office_id, user_id=leader.id, kind="registry", unmasked=False,
                    file_name="browser-progress.xlsx", status=ExportStatus.RUNNING,
                    rows_done=40, rows_total=100)
    db.session.add(job)
    db.session.commit()
    log_in(page, "leader-b")
    page.wait_for_url("**/")
    page.goto(f"/exports/{job.id}")
    expect(page.locator("#export-count")).to_have_text("已写入 40 / 100 件", use_inner_text=True)
    expect(page.locator("#export-download")).to_be_hidden()
    # The background writer finishes while the page is open: the page's polling shows it.
    workbook = openpyxl.Workbook()
    workbook.save(export_folder(app) / job.file_name)
    job.status, job.rows_done, job.finished_at = ExportStatus.DONE, 100, utcnow()
    db.session.commit()
    page.locator("#export-download").wait_for(state="visible")
    expect(page.locator("#export-status")).to_have_text("已生成", use_inner_text=True)
    expect(page.locator("#export-count")).to_have_text("已写入 100 / 100 件", use_inner_text=True)
    expect(page.locator("#export-download")).to_have_text("下载Excel（100 件）", use_inner_text=True)
