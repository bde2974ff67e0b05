"""A killed worker's job fails within a minute and its files go; scratch files live only in the
app's 0700 folder and never outlive an error or a restart (security.md item 26)."""

import os
import stat
import tempfile
import time
from datetime import timedelta

import pytest

from wagewatch import create_app, temp_files
from wagewatch.extensions import db
from wagewatch.models import AuditEvent, ExportJob, ExportStatus, Role, utcnow
from wagewatch.reports import exports as report_exports
from wagewatch.services import jobs
from wagewatch.temp_files import export_folder, temp_folder

from tests.conftest import INSTANCE, app_config, wait_for_background_exports
from tests.factories import csrf_token, post
from tests.web.cases.factories import register

pytestmark = pytest.mark.committing


def _running(user, file_name: str, beat_seconds_ago: int) -> ExportJob:
    job = ExportJob(office_id=user.office_id, user_id=user.id, kind="registry", unmasked=True,
                    file_name=file_name, status=ExportStatus.RUNNING, rows_done=4213,
                    rows_total=9000, created_at=utcnow() - timedelta(hours=1),
                    heartbeat_at=utcnow() - timedelta(seconds=beat_seconds_ago))
    db.session.add(job)
    db.session.commit()
    return job


def test_a_job_whose_heartbeat_is_older_than_a_minute_shows_failed_and_its_file_goes(
        app, client, login_as):
    clerk = login_as(Role.CLERK, username="clerk-job")
    alive = _running(clerk, "alive.xlsx", beat_seconds_ago=30)
    dead = _running(clerk, "dead.xlsx", beat_seconds_ago=70)
    partial = export_folder(app) / "dead.xlsx"
    partial.write_bytes(b"half a workbook with 4,213 ID numbers")
    assert client.get(f"/exports/{alive.id}/status").get_json()["status"] == "running"
    status = client.get(f"/exports/{dead.id}/status").get_json()
    assert status["status"] == "failed" and "重新导出" in status["error"]
    assert not partial.exists()
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "export.registry"))
    assert event.success is False and "中断" in event.detail


def test_start_up_fails_dead_jobs_and_removes_stale_scratch_files(app, login_as):
    clerk = login_as(Role.CLERK, username="clerk-job")
    dead = _running(clerk, "dead-at-start.xlsx", beat_seconds_ago=120)
    (export_folder(app) / dead.file_name).write_bytes(b"half")
    stale = temp_folder(app) / "scratch-left-by-a-killed-worker"
    stale.mkdir()
    (stale / "sheet.xml").write_text("<row>320303198503121234</row>")
    old = time.time() - 600
    os.utime(stale / "sheet.xml", (old, old))
    os.utime(stale, (old, old))
    fresh = temp_folder(app) / "being-written-now.xml"
    fresh.write_text("<row/>")
    create_app(app_config(app.config["SQLALCHEMY_DATABASE_URI"]), instance_path=INSTANCE)
    db.session.expire_all()
    assert dead.status is ExportStatus.FAILED
    assert not (export_folder(app) / dead.file_name).exists()
    assert not stale.exists() and fresh.exists()
    fresh.unlink()


def test_a_scratch_entry_another_server_removed_meanwhile_does_not_stop_the_start(
        app, monkeypatch):
    """Every process of every server cleans the shared folder as it starts: an entry listed
    and then removed by another one is skipped, and the stale one is still removed."""
    stale = temp_folder(app) / "scratch-left-by-a-killed-worker"
    stale.mkdir()
    old = time.time() - 600
    os.utime(stale, (old, old))
    gone = temp_folder(app) / "scratch-the-other-server-removed"

    class Listing:
        def __init__(self, folder):
            self.folder = folder

        def iterdir(self):
            yield gone
            yield from self.folder.iterdir()

    real = temp_files.temp_folder(app)
    monkeypatch.setattr(temp_files, "temp_folder", lambda app=None: Listing(real))
    assert temp_files.remove_stale(app) == 1
    assert not stale.exists()


def test_the_app_folders_are_private(app):
    assert stat.S_IMODE(export_folder(app).stat().st_mode) == 0o700
    assert stat.S_IMODE(temp_folder(app).stat().st_mode) == 0o700


def test_a_failing_case_list_export_leaves_no_file(app, client, login_as, monkeypatch, tmp_path):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # where a stray file would land
    clerk = login_as(Role.CLERK, username="clerk-job")
    register(clerk=clerk)

    def broken(case_ids):
        raise OSError("disk full")

    monkeypatch.setattr(report_exports, "money_by_case", broken)
    assert post(app, client, "/cases/export").status_code == 500
    assert list(temp_folder(app).iterdir()) == [] and list(tmp_path.iterdir()) == []


def _multipart(token: str, content: bytes) -> tuple[bytes, str]:
    """A form upload encoded by hand (the test client would spool a large one itself)."""
    boundary = "wagewatch-test-boundary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{token}\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.xlsx\"\r\n"
            "Content-Type: application/octet-stream\r\n\r\n").encode() + content + (
            f"\r\n--{boundary}--\r\n").encode()
    return body, boundary


def test_exports_and_uploads_never_write_to_the_system_temp_directory(app, client, login_as, monkeypatch):
    clerk = login_as(Role.CLERK, username="clerk-job")
    register(clerk=clerk)

    def system_temp():
        raise AssertionError("a temporary file in the system temp directory")

    monkeypatch.setattr(tempfile, "gettempdir", system_temp)
    assert post(app, client, "/cases/export").status_code == 200
    body, boundary = _multipart(csrf_token(app, client), b"x" * 700_000)  # spooled past 500 KB
    upload = client.post("/cases/import/", data=body,
                         content_type=f"multipart/form-data; boundary={boundary}")
    assert upload.status_code == 200 and "不是真正的Excel工作簿" in upload.get_data(as_text=True)
    job_url = post(app, client, "/exports/registry").headers["Location"]
    wait_for_background_exports(app)
    assert client.get(f"{job_url}/status").get_json()["status"] == "done"
    assert list(temp_folder(app).iterdir()) == []


def test_a_running_export_beats_and_a_heartbeat_calls_while_the_work_runs(app, client, login_as):
    clerk = login_as(Role.CLERK, username="clerk-job")
    register(clerk=clerk)
    job_url = post(app, client, "/exports/registry").headers["Location"]
    wait_for_background_exports(app)
    job = db.session.get(ExportJob, int(job_url.rsplit("/", 1)[1]))
    assert job.heartbeat_at is not None and job.heartbeat_at >= job.created_at
    beats = []
    with jobs.heartbeat(lambda: beats.append(1), every=0.01):
        time.sleep(0.2)
    count = len(beats)
    time.sleep(0.05)
    assert count >= 3 and len(beats) == count  # beats while running, none after
