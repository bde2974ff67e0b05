"""Jobs on the Redis queue for real: the web process only enqueues, worker processes run the jobs
(an export survives the web process killed with SIGKILL), a job waiting in the queue is not
taken for dead, and a job delivered twice is written once."""

from __future__ import annotations

import io
import os
import signal
import socket
import subprocess
import time
import urllib.parse
import urllib.request
from datetime import date, timedelta

import openpyxl

from wagewatch.extensions import db
from wagewatch.models import AuditEvent, Case, ExportJob, ExportStatus, Role, utcnow
from wagewatch.services import jobs, job_queue
from wagewatch.services.job_queue import QueueRunner
from wagewatch.temp_files import export_folder

from tests.factories import csrf_token, post
from tests.jobs.conftest import flask_command, process_env, run_workers, start_workers, wait_for
from tests.web.case_import.factories import case_row, filled_template, worker_row
from tests.web.cases.factories import register


def _export(app, client) -> ExportJob:
    response = post(app, client, "/exports/registry", {})
    assert response.status_code == 303, response.status_code
    return db.session.get_one(ExportJob, int(response.headers["Location"].rsplit("/", 1)[1]))


def _case_numbers(data: bytes) -> list[str]:
    sheet = openpyxl.load_workbook(io.BytesIO(data))["案件"]
    return [str(row[1]) for row in sheet.iter_rows(min_row=2, values_only=True)]


def test_an_export_waits_in_the_queue_until_a_worker_process_writes_it(
        app, client, login_as, queued):
    clerk = login_as(Role.CLERK, username="clerk-queue")
    cases = [register(clerk=clerk, received_on=date(2026, 11, d)) for d in (2, 3)]
    job = _export(app, client)
    assert isinstance(jobs.runner(app), QueueRunner) and not app.extensions.get(jobs.THREADS_KEY)
    # Behind other work for five minutes: still waiting, not taken for dead.
    job.created_at = utcnow() - timedelta(minutes=5)
    db.session.commit()
    assert client.get(f"/exports/{job.id}/status").get_json()["status"] == "queued"
    output = run_workers(app)
    assert "Job OK" in output, output
    status = client.get(f"/exports/{job.id}/status").get_json()
    assert status["status"] == "done" and status["done"] == 2
    download = client.get(status["download_url"])
    assert download.status_code == 200
    assert _case_numbers(download.data) == [c.number for c in cases]
    actions = db.session.scalars(db.select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions[-3:] == ["export.registry.start", "export.registry", "export.registry.download"]


def test_a_queued_job_the_queue_lost_fails_after_a_minute(app, client, login_as, queued):
    login_as(Role.CLERK, username="clerk-queue")
    job = _export(app, client)
    job_queue.connect(queued).flushdb()  # Redis lost it (restarted without persistence)
    job.created_at = utcnow() - timedelta(minutes=2)
    db.session.commit()
    status = client.get(f"/exports/{job.id}/status").get_json()
    assert status["status"] == "failed" and "重新导出" in status["error"]


def test_a_job_delivered_twice_to_two_workers_is_written_and_audited_once(
        app, client, login_as, queued):
    clerk = login_as(Role.CLERK, username="clerk-queue")
    register(clerk=clerk)
    job = _export(app, client)
    job_queue.queue(queued).enqueue(job_queue.perform, "wagewatch.services.exports.registry_exports:run",
                                    job.id)  # the same job again, as a retry would put it
    output = run_workers(app, count=2)
    assert "not queued any more" in output, output
    db.session.refresh(job)
    assert job.status is ExportStatus.DONE and (export_folder(app) / job.file_name).exists()
    done = db.session.scalars(db.select(AuditEvent).where(
        AuditEvent.action == "export.registry")).all()
    assert len(done) == 1 and done[0].success


def test_an_import_runs_in_a_worker_process(app, client, login_as, queued):
    login_as(Role.CLERK, username="clerk-queue")
    data = filled_template([case_row(k) for k in range(1, 4)],
                           [worker_row(k, k) for k in range(1, 4)])
    response = post(app, client, "/cases/import/", {"file": (io.BytesIO(data), "历年案件.xlsx")},
                    content_type="multipart/form-data")
    assert response.status_code == 303
    job = db.session.scalar(db.select(ExportJob))
    assert job.status is ExportStatus.QUEUED
    run_workers(app)
    db.session.refresh(job)
    assert job.status is ExportStatus.DONE and job.result["import_id"]
    assert db.session.scalar(db.select(db.func.count(Case.id))) == 3
    assert not (export_folder(app) / job.file_name).exists()  # the upload is gone


def test_without_redis_the_queue_says_so_beside_the_field_and_the_job_fails(
        app, client, login_as, monkeypatch):
    monkeypatch.setitem(app.config, "REDIS_URL", "redis://127.0.0.1:1/0")  # nothing listens there
    app.extensions.pop(jobs.RUNNER_KEY, None)
    login_as(Role.CLERK, username="clerk-queue")
    response = post(app, client, "/exports/registry", {})
    assert response.status_code == 200
    assert "后台任务服务（Redis）无法连接" in response.get_data(as_text=True)
    job = db.session.scalar(db.select(ExportJob))
    assert job.status is ExportStatus.FAILED and job.error == jobs.QUEUE_DOWN
    app.extensions.pop(jobs.RUNNER_KEY, None)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _serve(app, port: int) -> subprocess.Popen:
    """gunicorn serving the test's app (same database, Redis and export folder)."""
    db.session.commit()
    web = subprocess.Popen(
        [flask_command()[0], "-m", "gunicorn", "--workers", "1", "--bind", f"127.0.0.1:{port}",
         flask_command()[4]], env=process_env(app), start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(150):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return web
        except OSError:
            time.sleep(0.2)
    os.killpg(web.pid, signal.SIGKILL)
    raise AssertionError("gunicorn did not start")


def test_an_export_survives_the_web_process_that_started_it_killed_with_sigkill(
        app, client, login_as, queued):
    clerk = login_as(Role.CLERK, username="clerk-queue")
    cases = [register(clerk=clerk, received_on=date(2026, 11, d)) for d in (2, 3, 4)]
    token = csrf_token(app, client)  # the signed-in session, as the browser holds it
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    port = _free_port()
    web = _serve(app, port)
    try:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/exports/registry", method="POST",
            data=urllib.parse.urlencode({"csrf_token": token}).encode(),
            headers={"Cookie": f"{app.config['SESSION_COOKIE_NAME']}={cookie}"})
        with urllib.request.urlopen(request, timeout=30) as response:
            job_id = int(response.geturl().rsplit("/", 1)[1])  # the job page after the 303
    finally:
        os.killpg(web.pid, signal.SIGKILL)  # the master and its worker, with no clean-up
        web.wait(timeout=30)
    db.session.rollback()
    job = db.session.get(ExportJob, job_id)
    assert job.status is ExportStatus.QUEUED and job.user_id == clerk.id
    wait_for(start_workers(app))
    status = client.get(f"/exports/{job_id}/status").get_json()
    assert status["status"] == "done" and status["done"] == 3
    download = client.get(status["download_url"])
    assert download.status_code == 200
    assert _case_numbers(download.data) == [c.number for c in cases]
