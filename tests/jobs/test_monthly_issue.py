"""The monthly report's issue on the Redis queue for real: the web process only queues it, a
worker process issues the version, and the job's page then downloads it."""

from __future__ import annotations

import hashlib
import io

import openpyxl

from wagewatch.extensions import db
from wagewatch.models import AuditEvent, ExportJob, ExportStatus
from wagewatch.services import jobs
from wagewatch.services.job_queue import QueueRunner
from wagewatch.services.reports import monthly_reports

from tests.factories import login, post
from tests.jobs.conftest import run_workers
from tests.reports.monthly_data import build


def test_a_worker_process_issues_the_monthly_report(app, client, queued):
    data = build()
    assert login(app, client, "monthly-leader").status_code == 302
    response = post(app, client, "/reports/monthly/issue", {"month": "2026-10", "reason": ""})
    assert response.status_code == 303
    job_url = response.headers["Location"]
    assert isinstance(jobs.runner(app), QueueRunner) and not app.extensions.get(jobs.THREADS_KEY)
    job = db.session.scalar(db.select(ExportJob))
    assert job.status is ExportStatus.QUEUED
    assert client.get(f"{job_url}/status").get_json()["status"] == "queued"
    assert monthly_reports.latest(data.office.id, "2026-10") is None
    output = run_workers(app)
    assert "Job OK" in output, output
    status = client.get(f"{job_url}/status").get_json()
    assert status["status"] == "done", status
    assert status["message"] == "已签发2026-10月度监察报告第1版。"
    download = post(app, client, status["download_url"])
    assert download.status_code == 200
    report = monthly_reports.latest(data.office.id, "2026-10")
    assert hashlib.sha256(download.data).hexdigest() == report.sha256
    book = openpyxl.load_workbook(io.BytesIO(download.data))
    totals = next(r for r in book["分镇街"].iter_rows(min_row=4, values_only=True) if r[0] == "合计")
    assert totals[1] == 3 and book["汇总"]["A2"].value.startswith("第1版，")
    issued = db.session.scalar(db.select(AuditEvent).where(
        AuditEvent.action == "monthly_report.issue"))
    assert issued.success and issued.actor_id == job.user_id
