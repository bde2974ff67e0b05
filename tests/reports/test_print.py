"""The workbooks printed through LibreOffice: each converted to PDF, the text read back with
pdftotext shows the title whole, headers unbroken and the chart's page with its title."""

import os
import re
import shutil
import subprocess
from datetime import date

import pytest

from wagewatch.models import CaseStatus, Role
from wagewatch.reports.monthly import collect
from wagewatch.reports.monthly_workbook import render
from wagewatch.rules.report_period import report_period
from wagewatch.services.reports.monthly_reports import _frozen

from tests.conftest import wait_for_background_exports
from tests.factories import login, make_user, post
from tests.reports.monthly_data import build

pytestmark = pytest.mark.committing

MISSING = [tool for tool in ("soffice", "pdftotext") if shutil.which(tool) is None]
BROKEN_UNIT = re.compile(r"（(件|人|元|个|%|万元)(\s|$)")


@pytest.fixture(autouse=True)
def _tools():
    if MISSING:
        reason = f"{'、'.join(MISSING)} not installed (apt: libreoffice-calc-nogui poppler-utils)"
        if os.environ.get("WAGEWATCH_REQUIRE_BROWSER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)


def _pages(workbooks: dict[str, bytes], folder) -> dict[str, list[str]]:
    """Each workbook converted in one LibreOffice run; its PDF's pages as layout text."""
    for name, data in workbooks.items():
        (folder / f"{name}.xlsx").write_bytes(data)
    subprocess.run(["soffice", f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                    "--headless", "--convert-to", "pdf", "--outdir", str(folder),
                    *(str(folder / f"{name}.xlsx") for name in workbooks)],
                   check=True, capture_output=True, timeout=300)
    pages = {}
    for name in workbooks:
        text = subprocess.run(["pdftotext", "-layout", str(folder / f"{name}.pdf"), "-"],
                              check=True, capture_output=True, text=True).stdout
        pages[name] = [page for page in text.split("\f") if page.strip()]
    return pages


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _assert_headers_whole(name: str, pages: list[str]) -> None:
    for page in pages:
        for line in page.splitlines():
            assert not BROKEN_UNIT.search(line), f"{name}: header broken in {line!r}"
            assert not line.strip().startswith("）"), f"{name}: header broken at {line!r}"


def test_every_workbook_prints_whole_titles_unbroken_headers_and_the_chart_on_one_page(
        app, tmp_path):
    data = build()
    figures = _frozen(collect(data.office, report_period("2026-10"), date(2026, 11, 28)))
    monthly = render(figures, "第1版，2026-11-28由测试签发")
    make_user(role=Role.POLICE, username="police-print", office=data.office)
    clerk_client, police_client = app.test_client(), app.test_client()
    login(app, clerk_client, data.clerk.username)
    login(app, police_client, "police-print")
    cases = post(app, clerk_client, f"/cases/export?status={CaseStatus.INVESTIGATING.value}")
    assert "filename*=UTF-8''" in cases.headers["Content-Disposition"]
    assert "%E6%A1%88%E4%BB%B6%E6%B8%85%E5%8D%95" in cases.headers["Content-Disposition"]  # 案件清单
    police = post(app, police_client, "/police/export")
    job_url = post(app, clerk_client, "/exports/registry").headers["Location"]
    wait_for_background_exports(app)
    registry = clerk_client.get(f"{job_url}/download")
    pages = _pages({"monthly": monthly, "cases": cases.data, "police": police.data,
                    "registry": registry.data}, tmp_path)

    title = f"{figures['office']['name']} 月度劳动保障监察报告 2026-10"
    monthly_pages = pages["monthly"]
    for page in monthly_pages:
        if "近12个月新收案件与金额" not in page:
            assert _flat(title) in _flat(page), page[:300]
    _assert_headers_whole("monthly", monthly_pages)
    chart_pages = [p for p in monthly_pages if "近12个月新收案件与金额" in p and "金额（万元）" in p]
    assert len(chart_pages) == 1, "the chart prints on one page with its title and 万元 axis"
    assert not re.search(r"\d,\d{3},\d{3}\.\d\d", chart_pages[0])  # no 40,000,000.00 labels
    assert "统计期" in chart_pages[0]  # the report's title over the chart

    case_text = _flat("".join(pages["cases"]))
    assert f"筛选：状态：{CaseStatus.INVESTIGATING.label}" in case_text
    assert "status=" not in case_text
    for page in pages["cases"]:
        assert "案号" in page  # headers repeated on every page
    for name in ("cases", "police", "registry"):
        _assert_headers_whole(name, pages[name])
        assert pages[name], name
