"""Issuing the monthly report as a background job: the month and the reason are checked at once,
the job issues the same workbook as a direct issue, its page says which version it issued and
downloads it; another office never sees the job, and a failed job says why in Chinese."""

from __future__ import annotations

import hashlib
import io
from datetime import timedelta

import openpyxl
import pytest

from wagewatch.extensions import db
from wagewatch.models import AuditEvent, ExportJob, ExportStatus, MonthlyReport, Role, utcnow
from wagewatch.services import jobs
from wagewatch.services.exports import registry_exports
from wagewatch.services.reports import monthly_report_jobs, monthly_reports

from tests.conftest import wait_for_background_exports
from tests.factories import login, make_office, make_user, post, text_of
from tests.reports.monthly_data import build

pytestmark = pytest.mark.committing


class HeldRunner:
    """A runner that keeps the jobs it is given until the test runs them."""

    def __init__(self) -> None:
        self.held: list[tuple[jobs.Task, int]] = []

    def submit(self, app, task, job_id: int, key: str) -> None:
        self.held.append((task, job_id))

    def waiting(self, app, key: str) -> bool | None:
        return True

    def run_all(self, app) -> None:
        db.session.commit()  # end the test's transaction so SQLite lets the job write
        for task, job_id in self.held:
            task(app, job_id)
        self.held.clear()
        db.session.expire_all()


def _hold(app) -> HeldRunner:
    runner = HeldRunner()
    app.extensions[jobs.RUNNER_KEY] = runner
    return runner


def _issue(app, client, month: str = "2026-10", reason: str = ""):
    return post(app, client, "/reports/monthly/issue", {"month": month, "reason": reason})


def _job_url(response) -> str:
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    return response.headers["Location"]


def _cells(data: bytes) -> dict[str, list[tuple]]:
    """Every sheet's values, without the status line (row 2: version, day and issuer)."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    return {sheet.title: [row for n, row in enumerate(sheet.iter_rows(values_only=True), 1)
                          if n != 2] for sheet in book.worksheets}


def test_the_job_issues_the_same_workbook_and_its_page_downloads_it(app, client):
    data = build()
    assert login(app, client, "monthly-leader").status_code == 302
    job_url = _job_url(_issue(app, client))
    wait_for_background_exports(app)
    status = client.get(f"{job_url}/status").get_json()
    assert status["status"] == "done" and status["label"] == "已签发"
    assert status["message"] == "已签发2026-10月度监察报告第1版。" and status["error"] is None
    page = text_of(client.get(job_url))
    assert "已签发2026-10月度监察报告第1版。" in page and "下载报告（Excel）" in page
    download = post(app, client, status["download_url"])
    assert download.status_code == 200
    report = monthly_reports.latest(data.office.id, "2026-10")
    assert report.version == 1 and hashlib.sha256(download.data).hexdigest() == report.sha256
    book = openpyxl.load_workbook(io.BytesIO(download.data))
    assert "2026-10" in book["汇总"]["A1"].value
    assert book["汇总"]["A2"].value.startswith("第1版，") and "签发" in book["汇总"]["A2"].value
    totals = next(r for r in book["分镇街"].iter_rows(min_row=4, values_only=True) if r[0] == "合计")
    assert totals[1] == 3
    assert len(book["近12个月图表"]._charts) == 1
    # The job's workbook is the one a direct issue of the same data writes.
    direct = monthly_reports.issue(data.office, "2026-10", data.clerk, "核对")
    assert _cells(direct.workbook) == _cells(download.data)
    actions = [a for a in db.session.scalars(db.select(AuditEvent.action).order_by(AuditEvent.id))
               if a.startswith(("monthly_report", "export."))]
    assert actions == ["monthly_report.issue.start", "monthly_report.issue",
                           "export.monthly_report", "monthly_report.issue"]
    issued = db.session.scalar(db.select(AuditEvent).where(
        AuditEvent.action == "monthly_report.issue").order_by(AuditEvent.id))
    assert issued.success and report.sha256 in issued.detail


def test_reissuing_still_needs_a_reason_beside_the_field_and_queues_nothing(app, client):
    data = build()
    assert login(app, client, "monthly-leader").status_code == 302
    _job_url(_issue(app, client))
    wait_for_background_exports(app)
    refused = _issue(app, client, reason="  ")
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert 'data-field="reason"' in html and "2026-10已签发第1版；重新签发须填写理由。" in html
    assert 'value="2026-10"' in html
    assert db.session.scalar(db.select(db.func.count(ExportJob.id))) == 1
    job_url = _job_url(_issue(app, client, reason="10月28日补录3件案件"))
    wait_for_background_exports(app)
    assert "已签发2026-10月度监察报告第2版。" in text_of(client.get(job_url))
    second = monthly_reports.latest(data.office.id, "2026-10")
    assert second.version == 2 and second.reissue_reason == "10月28日补录3件案件"
    assert "重新签发理由：10月28日补录3件案件" in openpyxl.load_workbook(
        io.BytesIO(second.workbook))["汇总"]["A2"].value


def test_a_month_not_over_is_refused_at_once_with_what_was_typed_kept(app, client):
    build()
    assert login(app, client, "monthly-leader").status_code == 302
    refused = _issue(app, client, month="2099-01", reason="补录")
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert 'data-field="month"' in html and "结束后才能签发" in html
    assert 'value="2099-01"' in html and "补录" in html
    assert db.session.scalar(db.select(db.func.count(ExportJob.id))) == 0


def test_a_double_click_issues_one_version(app, client):
    data = build()
    runner = _hold(app)
    assert login(app, client, "monthly-leader").status_code == 302
    first, second = _job_url(_issue(app, client)), _job_url(_issue(app, client))
    assert first == second and len(runner.held) == 1
    assert client.get(f"{first}/status").get_json()["status"] == "queued"
    runner.run_all(app)
    assert [r.version for r in monthly_reports.versions(data.office.id)] == [1]


def test_another_office_and_another_user_cannot_see_the_job(app, client):
    build()
    assert login(app, client, "monthly-leader").status_code == 302
    job_url = _job_url(_issue(app, client))
    wait_for_background_exports(app)
    other = make_office(code="QTJG", townships=("别处街道",))
    make_user(role=Role.LEADER, username="other-leader", office=other)
    outsider = app.test_client()
    assert login(app, outsider, "other-leader").status_code == 302
    assert outsider.get(job_url).status_code == 404
    assert outsider.get(f"{job_url}/status").status_code == 404
    denied = db.session.scalar(db.select(AuditEvent).where(
        AuditEvent.action == "access.out_of_office"))
    assert denied is not None and denied.object_type == "export_job"
    colleague = make_user(role=Role.CLERK, username="monthly-colleague",
                          office=db.session.scalar(db.select(ExportJob)).user.office)
    neighbour = app.test_client()
    assert login(app, neighbour, colleague.username).status_code == 302
    assert neighbour.get(f"{job_url}/status").status_code == 404
    assert client.get(f"{job_url}/status").status_code == 200  # the owner's


def test_a_failing_job_shows_its_failure_in_chinese_and_issues_nothing(app, client, monkeypatch):
    data = build()

    def broken(*args, **kwargs):
        raise RuntimeError("the workbook could not be written")

    monkeypatch.setattr(monthly_reports, "render", broken)
    assert login(app, client, "monthly-leader").status_code == 302
    job_url = _job_url(_issue(app, client))
    wait_for_background_exports(app)
    job = db.session.scalar(db.select(ExportJob))
    status = client.get(f"{job_url}/status").get_json()
    assert status["status"] == "failed" and status["label"] == "签发失败"
    assert status["error"] == f"签发失败（任务编号 {job.id}），未签发任何版本，请重新签发；如再次失败请联系系统管理员。"
    assert status["download_url"] is None and status["message"] is None
    page = text_of(client.get(job_url))
    assert status["error"] in page and "重新签发" in page
    assert monthly_reports.latest(data.office.id, "2026-10") is None
    failure = db.session.scalar(db.select(AuditEvent).where(
        AuditEvent.action == "monthly_report.issue"))
    assert not failure.success and "签发2026-10月度监察报告失败" in failure.detail
    assert not jobs.pulse_path(app, job.id).exists()


def test_a_job_overtaken_by_another_issue_fails_with_the_reason_rule(app, client):
    data = build()
    runner = _hold(app)
    assert login(app, client, "monthly-leader").status_code == 302
    job_url = _job_url(_issue(app, client))
    monthly_reports.issue(data.office, "2026-10", data.clerk)  # someone else, a moment earlier
    runner.run_all(app)
    status = client.get(f"{job_url}/status").get_json()
    assert status["status"] == "failed"
    assert status["error"] == "2026-10已签发第1版；重新签发须填写理由。"
    assert len(monthly_reports.versions(data.office.id)) == 1


def test_a_job_whose_worker_died_says_so_and_a_finished_one_never_expires(app, client):
    data = build()
    assert login(app, client, "monthly-leader").status_code == 302
    runner = _hold(app)
    job_url = _job_url(_issue(app, client))
    job = db.session.scalar(db.select(ExportJob))
    job.status, job.heartbeat_at = ExportStatus.RUNNING, utcnow() - timedelta(minutes=2)
    db.session.commit()
    status = client.get(f"{job_url}/status").get_json()
    assert status["status"] == "failed" and status["error"] == registry_exports.MONTHLY_DIED
    runner.run_all(app)  # a late delivery finds the job taken: nothing issued
    assert monthly_reports.latest(data.office.id, "2026-10") is None
    # Issued, then a day later: still 已签发 with its download.
    done_url = _job_url(_issue(app, client))
    runner.run_all(app)
    done = db.session.get(ExportJob, int(done_url.rsplit("/", 1)[1]))
    done.finished_at = utcnow() - timedelta(days=2)
    db.session.commit()
    registry_exports.expire_files()
    assert client.get(f"{done_url}/status").get_json()["status"] == "done"
    assert db.session.scalar(db.select(db.func.count(MonthlyReport.id))) == 1
    assert done.kind == monthly_report_jobs.KIND
