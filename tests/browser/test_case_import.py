"""A clerk downloads the template, uploads a workbook with an error, reads the errors on the
page, uploads the fixed workbook and finds the imported cases in the case list."""

import pytest
from playwright.sync_api import expect

from wagewatch.models import Role

from tests.browser.test_login import log_in
from tests.factories import make_user
from tests.web.case_import.factories import case_row, filled_template, worker_row

pytestmark = pytest.mark.browser


def test_clerk_fixes_a_refused_workbook_and_imports_it(page, tmp_path):
    make_user(role=Role.CLERK, username="clerk-i", display_name="李监察")
    log_in(page, "clerk-i")
    page.wait_for_url("**/")
    page.locator("#role-nav").get_by_text("案件").click()
    page.get_by_role("link", name="导入Excel").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="下载导入模板").click()
    assert download.value.suggested_filename == "案件导入模板.xlsx"

    cases = [case_row(1), case_row(2, 用人单位名称="=HYPERLINK(\"http://x\",\"点我\")",
                                    统一社会信用代码="")]
    bad = tmp_path / "旧案件.xlsx"
    bad.write_bytes(filled_template(cases, [worker_row(1, 101), worker_row(2, 102, **{"主张金额（元）": "八千"})]))
    page.get_by_label("案件工作簿（.xlsx，不超过5MB）").set_input_files(str(bad))
    page.get_by_role("button", name="导入").click()
    expect(page.locator("#import-refused")).to_contain_text("文件未导入", use_inner_text=True)
    rows = page.locator("#import-errors tbody tr")
    expect(rows).to_have_count(1)
    page.screenshot(path="test-artifacts/import-refused.png", full_page=True)
    assert rows.first.inner_text().split("\t") == ["工人", "3", "H 主张金额（元）", "金额应为数字。"]
    with page.expect_download() as report:
        page.get_by_role("link", name="下载错误清单（Excel）").click()
    assert report.value.suggested_filename.startswith("导入错误清单-")

    fixed = tmp_path / "旧案件-改.xlsx"
    fixed.write_bytes(filled_template(cases, [worker_row(1, 101), worker_row(2, 102)]))
    page.get_by_label("案件工作簿（.xlsx，不超过5MB）").set_input_files(str(fixed))
    page.get_by_role("button", name="导入").click()
    expect(page.locator("#import-success")).to_contain_text("已导入 2 件案件", use_inner_text=True)
    page.screenshot(path="test-artifacts/import-done.png", full_page=True)
    page.get_by_role("link", name="查看案件列表").click()
    expect(page.locator("#case-table")).to_contain_text("经开劳监〔2026〕0002号", use_inner_text=True)
    table = page.locator("#case-table").inner_text()
    assert "经开劳监〔2026〕0001号" in table and "经开劳监〔2026〕0002号" in table
    assert '=HYPERLINK("http://x","点我")' in table
    assert page.dialogs == []


def test_clerk_uploads_a_valid_import_and_watches_the_progress_page_turn_into_the_result(
        page, tmp_path) -> None:
    make_user(role=Role.CLERK, username="clerk-j")
    log_in(page, "clerk-j")
    page.wait_for_url("**/")
    visited: list[str] = []
    page.on("framenavigated", lambda frame: visited.append(frame.url))
    page.goto("/cases/import/")
    count = 120
    workbook = tmp_path / "历年案件.xlsx"
    workbook.write_bytes(filled_template([case_row(k) for k in range(1, count + 1)],
                                         [worker_row(k, k) for k in range(1, count + 1)]))
    page.get_by_label("案件工作簿（.xlsx，不超过5MB）").set_input_files(str(workbook))
    page.get_by_role("button", name="导入").click()
    page.locator("#import-success").wait_for(state="visible", timeout=60_000)
    expect(page.locator("#import-success")).to_contain_text(f"已导入 {count} 件案件", use_inner_text=True)
    assert any("/cases/import/jobs/" in url for url in visited)  # the progress page came first
    assert "/cases/import/jobs/" not in page.url  # and its script moved on to the result
    page.screenshot(path="test-artifacts/import-job-done.png", full_page=True)
