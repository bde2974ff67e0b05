"""The monthly report page, its downloads and `flask report monthly`."""

import hashlib
import io
from urllib.parse import unquote

import openpyxl
import pytest

from wagewatch.extensions import db
from wagewatch.models import AuditEvent, MonthlyReport, Role
from wagewatch.services.reports import monthly_reports

from tests.conftest import wait_for_background_exports
from tests.factories import login, make_office, make_user, post, text_of
from tests.reports.monthly_data import build

pytestmark = pytest.mark.committing


def _leader(app, client, data):
    assert login(app, client, "monthly-leader").status_code == 302
    return data


def test_a_leader_issues_and_downloads_a_month(app, client):
    data = _leader(app, client, build())
    page = client.get("/reports/monthly/")
    assert page.status_code == 200 and "还没有签发过月度报告" in text_of(page)
    response = post(app, client, "/reports/monthly/issue", {"month": "2026-10", "reason": ""})
    assert response.status_code == 303 and "/reports/monthly/jobs/" in response.headers["Location"]
    wait_for_background_exports(app)
    assert "已签发2026-10月度监察报告第1版。" in text_of(client.get(response.headers["Location"]))
    report = monthly_reports.latest(data.office.id, "2026-10")
    listing = text_of(client.get("/reports/monthly/"))
    assert "2026-10" in listing and "第1版" in listing and report.sha256[:16] in listing
    download = post(app, client, f"/reports/monthly/{report.id}/download")
    assert download.status_code == 200
    disposition = download.headers["Content-Disposition"]
    assert "filename*=UTF-8''" in disposition
    assert unquote(disposition.split("filename*=UTF-8''")[1]) == "月度监察报告-2026-10-v1.xlsx"
    assert download.headers["Cache-Control"] == "no-store"
    assert hashlib.sha256(download.data).hexdigest() == report.sha256
    book = openpyxl.load_workbook(io.BytesIO(download.data))
    assert "2026-10" in book["汇总"]["A1"].value
    actions = list(db.session.scalars(db.select(AuditEvent.action)))
    assert "monthly_report.issue" in actions and "export.monthly_report" in actions


def test_reissuing_without_a_reason_shows_the_error_beside_the_field(app, client):
    data = _leader(app, client, build())
    post(app, client, "/reports/monthly/issue", {"month": "2026-10"})
    wait_for_background_exports(app)
    response = post(app, client, "/reports/monthly/issue", {"month": "2026-10", "reason": ""})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'data-field="reason"' in html and "重新签发须填写理由" in html
    assert 'value="2026-10"' in html  # what was typed is kept
    assert len(monthly_reports.versions(data.office.id)) == 1


def test_a_bad_month_is_refused_beside_the_field(app, client):
    _leader(app, client, build())
    response = post(app, client, "/reports/monthly/issue", {"month": "2026-1x", "reason": "x"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'data-field="month"' in html and "月份格式" in html and 'value="2026-1x"' in html


def test_a_preview_is_marked_unissued_and_not_stored(app, client):
    _leader(app, client, build())
    response = post(app, client, "/reports/monthly/preview", {"preview-month": "2026-11"})
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    assert "预览（未签发）" in book["分镇街"]["A2"].value
    assert db.session.scalar(db.select(db.func.count()).select_from(MonthlyReport)) == 0
    assert "export.monthly_report_preview" in list(db.session.scalars(db.select(AuditEvent.action)))


def test_another_offices_report_is_not_found(app, client):
    data = build()
    report = monthly_reports.issue(data.office, "2026-10", data.clerk)
    other = make_office(code="QTJG", townships=("别处街道",))
    make_user(role=Role.LEADER, username="other-leader", office=other)
    assert login(app, client, "other-leader").status_code == 302
    assert post(app, client, f"/reports/monthly/{report.id}/download").status_code == 404


def test_an_admin_can_set_the_cutoff_day_of_the_office(app, client, login_as):
    data = build()
    login_as(Role.ADMIN, username="monthly-admin", office=data.office)
    url = f"/admin/reference/offices/{data.office.id}/edit"
    bad = post(app, client, url, {"code": "JKMR", "name": data.office.name, "report_cutoff_day": "31"})
    assert bad.status_code == 200 and "1-28" in bad.get_data(as_text=True)
    good = post(app, client, url, {"code": "JKMR", "name": data.office.name, "report_cutoff_day": "25"})
    assert good.status_code == 302
    db.session.refresh(data.office)
    assert data.office.report_cutoff_day == 25
    page = text_of(client.get("/reports/monthly/"))
    assert "统计截止日为每月25日" in page


def test_the_cli_issues_once_then_writes_the_issued_version(app, runner, tmp_path):
    data = build()
    first = tmp_path / "a.xlsx"
    result = runner.invoke(args=["report", "monthly", "2026-10", "--output", str(first),
                                 "--as-user", "monthly-leader"])
    assert result.exit_code == 0, result.output
    assert "已签发" in result.output and first.exists()
    report = monthly_reports.latest(data.office.id, "2026-10")
    assert hashlib.sha256(first.read_bytes()).hexdigest() == report.sha256
    second = tmp_path / "b.xlsx"
    result = runner.invoke(args=["report", "monthly", "2026-10", "--output", str(second),
                                 "--as-user", "monthly-leader"])
    assert result.exit_code == 0 and "已签发" not in result.output
    assert second.read_bytes() == first.read_bytes()
    refused = runner.invoke(args=["report", "monthly", "2026-10", "--output", str(second),
                                  "--as-user", "monthly-leader"])
    assert refused.exit_code != 0 and "不会覆盖" in refused.output
    third = tmp_path / "c.xlsx"
    result = runner.invoke(args=["report", "monthly", "2026-10", "--output", str(third),
                                 "--as-user", "monthly-leader", "--reissue-reason", "补录案件"])
    assert result.exit_code == 0 and "第2版" in result.output
    assert len(monthly_reports.versions(data.office.id, "2026-10")) == 2


def test_the_cli_refuses_bad_input_in_chinese(app, runner, tmp_path):
    build()
    output = tmp_path / "x.xlsx"
    bad_month = runner.invoke(args=["report", "monthly", "2026-13", "--output", str(output),
                                    "--as-user", "monthly-leader"])
    assert bad_month.exit_code != 0 and "月份须在01-12之间" in bad_month.output
    nobody = runner.invoke(args=["report", "monthly", "2026-10", "--output", str(output),
                                 "--as-user", "nobody"])
    assert nobody.exit_code != 0 and "--as-user" in nobody.output
    assert not output.exists()


def test_the_cli_without_a_user_writes_an_issued_month_or_a_preview(app, runner, tmp_path):
    data = build()
    preview = tmp_path / "preview.xlsx"
    result = runner.invoke(args=["report", "monthly", "2026-10", "--output", str(preview),
                                 "--office", "JKMR"])
    assert result.exit_code == 0, result.output
    assert "尚未签发" in result.output and "--as-user" in result.output
    assert "预览（未签发）" in openpyxl.load_workbook(preview)["汇总"]["A2"].value
    assert monthly_reports.latest(data.office.id, "2026-10") is None  # nothing issued
    refused = runner.invoke(args=["report", "monthly", "2026-10", "--output", str(tmp_path / "r.xlsx"),
                                  "--office", "JKMR", "--reissue-reason", "补录"])
    assert refused.exit_code != 0 and "--as-user" in refused.output
    runner.invoke(args=["report", "monthly", "2026-10", "--output", str(tmp_path / "v1.xlsx"),
                        "--as-user", "monthly-leader"])
    issued = tmp_path / "issued.xlsx"
    result = runner.invoke(args=["report", "monthly", "2026-10", "--output", str(issued),
                                 "--office", "JKMR"])
    assert result.exit_code == 0 and "第1版" in result.output
    assert issued.read_bytes() == (tmp_path / "v1.xlsx").read_bytes()
    details = list(db.session.scalars(db.select(AuditEvent.detail).where(
        AuditEvent.action.in_(("export.monthly_report", "export.monthly_report_preview")),
        AuditEvent.actor_id.is_(None))))
    assert len(details) == 2 and all("操作系统用户" in d for d in details)
