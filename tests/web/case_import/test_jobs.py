"""The import as a background job: quick checks at once, the import itself in the job with its
progress, the result page at the end; a dead job fails visibly and leaves no upload behind."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import pytest

from wagewatch.extensions import db
from wagewatch.models import AuditEvent, Case, CaseWorker, ExportJob, ExportStatus, Role, utcnow
from wagewatch.services import jobs
from wagewatch.services.imports import import_jobs
from wagewatch.temp_files import export_folder

from tests.conftest import wait_for_background_exports
from tests.factories import make_user, post, text_of
from tests.web.case_import.factories import case_row, distinct_id_number, filled_template, worker_row

pytestmark = pytest.mark.committing


def _post(app, client, data: bytes):
    return post(app, client, "/cases/import/", {"file": (io.BytesIO(data), "历年案件.xlsx")},
                content_type="multipart/form-data")


def test_a_large_workbook_imports_through_the_job_and_its_page_turns_into_the_result(
        app, client, login_as, monkeypatch) -> None:
    """Hundreds of cases (300 cases of two workers: 900 rows) complete through the background
    job, reporting progress every 100 cases as they go (the 6,000-case figure is in
    benchmarks/README.md)."""
    login_as(Role.CLERK)
    count = 300
    data = filled_template(
        [case_row(k, 投诉事由=f"拖欠2026年工资（{k}）") for k in range(1, count + 1)],
        [worker_row(k, 2 * k + s, 身份证号码=distinct_id_number(2 * k + s))
         for k in range(1, count + 1) for s in (0, 1)])
    pulses: list[tuple[int | None, int | None]] = []
    pulse = import_jobs._pulse

    def counted(path: Path, done: int | None, total: int | None) -> None:
        pulses.append((done, total))
        pulse(path, done, total)

    monkeypatch.setattr(import_jobs, "_pulse", counted)
    response = _post(app, client, data)
    assert response.status_code == 303
    job_url = response.headers["Location"]
    wait_for_background_exports(app)
    status = client.get(f"{job_url}/status").get_json()
    assert status["status"] == "done" and status["percent"] == 100
    assert status["result_url"].startswith("/cases/import/")
    page = client.get(job_url, follow_redirects=True)
    assert f"已导入 {count} 件案件" in text_of(page)
    assert db.session.scalar(db.select(db.func.count(Case.id))) == count
    assert db.session.scalar(db.select(db.func.count(CaseWorker.id))) == 2 * count
    # Progress every 100 cases written (the heartbeat repeats the latest between them).
    assert sorted({done for done, total in pulses if total == count and done is not None}) == list(
        range(100, count + 1, 100))
    actions = db.session.scalars(db.select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert "import.cases.start" in actions and actions[-1] == "import.cases"
    job = db.session.scalar(db.select(ExportJob))
    assert not (export_folder(app) / job.file_name).exists()  # the upload is gone
    assert not jobs.pulse_path(app, job.id).exists()


def test_a_refused_workbook_ends_its_job_on_the_error_list(app, client, login_as):
    login_as(Role.CLERK)
    data = filled_template([case_row(1, **{"镇（街道）": "火星街道"})], [worker_row(1, 101)])
    response = _post(app, client, data)
    wait_for_background_exports(app)
    text = text_of(client.get(response.headers["Location"], follow_redirects=True))
    assert "文件未导入" in text and "本机构没有名为“火星街道”的镇（街道）。" in text


def _running_import(user, beat_seconds_ago: int) -> ExportJob:
    job = ExportJob(office_id=user.office_id, user_id=user.id, kind="case_import",
                    unmasked=False, file_name=f"upload-{beat_seconds_ago}.xlsx",
                    status=ExportStatus.RUNNING, result={"file_name": "历年案件.xlsx"},
                    created_at=utcnow() - timedelta(minutes=30),
                    heartbeat_at=utcnow() - timedelta(seconds=beat_seconds_ago))
    db.session.add(job)
    db.session.commit()
    return job


def test_a_running_import_shows_its_progress_from_its_pulse(app, client, login_as):
    clerk = login_as(Role.CLERK)
    job = _running_import(clerk, beat_seconds_ago=600)
    jobs.pulse_path(app, job.id).write_text('{"done": 1200, "total": 6000}')  # beating now
    page = text_of(client.get(f"/cases/import/jobs/{job.id}"))
    assert "正在导入" in page and "已写入 1200 / 6000 件" in page
    status = client.get(f"/cases/import/jobs/{job.id}/status").get_json()
    assert (status["status"], status["done"], status["percent"]) == ("running", 1200, 20)
    jobs.pulse_path(app, job.id).unlink()


def test_an_import_whose_worker_died_shows_failed_and_its_upload_goes(app, client, login_as):
    clerk = login_as(Role.CLERK)
    job = _running_import(clerk, beat_seconds_ago=70)
    upload = export_folder(app) / job.file_name
    upload.write_bytes(b"PK uploaded workbook")
    status = client.get(f"/cases/import/jobs/{job.id}/status").get_json()
    assert status["status"] == "failed" and "未导入任何案件" in status["error"]
    assert not upload.exists()
    assert "重新上传" in client.get(f"/cases/import/jobs/{job.id}").get_data(as_text=True)


def test_another_clerks_import_job_is_not_found(app, client, login_as):
    owner = make_user(role=Role.CLERK, username="clerk-owner")
    job = _running_import(owner, beat_seconds_ago=5)
    login_as(Role.CLERK, username="clerk-other")
    assert client.get(f"/cases/import/jobs/{job.id}").status_code == 404
    assert client.get(f"/cases/import/jobs/{job.id}/status").status_code == 404
