"""Without Redis jobs run in threads of the web process as before; however a job runs, a second
run of it does nothing and a run whose job was failed as dead meanwhile records nothing."""

from __future__ import annotations

import io
import os
import time
from datetime import timedelta

import pytest

from wagewatch.extensions import db
from wagewatch.models import AuditEvent, Case, ExportJob, ExportStatus, Role, utcnow
from wagewatch.services import jobs
from wagewatch.services.exports import registry_exports
from wagewatch.services.imports import import_jobs
from wagewatch.services.imports.case_import import import_cases as real_import_cases
from wagewatch.temp_files import export_folder

from tests.conftest import wait_for_background_exports
from tests.factories import post
from tests.web.case_import.factories import case_row, filled_template, worker_row
from tests.web.cases.factories import register

pytestmark = pytest.mark.committing


def _actions(name: str) -> list[AuditEvent]:
    return list(db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == name)))


def _fail_as_dead(app) -> None:
    """What a web process does meanwhile: the job's heartbeat (row and pulse) looks two minutes
    old, so the liveness rule fails it (in its own app context and session, as another process
    would)."""
    with app.app_context():
        job = db.session.scalar(db.select(ExportJob))
        job.heartbeat_at = utcnow() - timedelta(minutes=2)
        db.session.commit()
        pulse = jobs.pulse_path(app, job.id)
        if pulse.exists():
            old = time.time() - 120
            os.utime(pulse, (old, old))
        registry_exports.fail_if_dead(job)
        assert job.status is ExportStatus.FAILED
        db.session.remove()


def test_without_redis_url_an_export_runs_in_a_thread_of_the_web_process(app, client, login_as):
    assert app.config["REDIS_URL"] is None
    clerk = login_as(Role.CLERK, username="clerk-runs")
    register(clerk=clerk)
    response = post(app, client, "/exports/registry", {})
    assert isinstance(jobs.runner(app), jobs.ThreadRunner)
    job = db.session.scalar(db.select(ExportJob))
    assert app.extensions[jobs.THREADS_KEY][-1].name == jobs.job_key("registry", job.id,
                                                                      job.file_name)
    wait_for_background_exports(app)
    assert client.get(f"{response.headers['Location']}/status").get_json()["status"] == "done"


def test_a_retried_export_run_writes_nothing_again(app, client, login_as):
    clerk = login_as(Role.CLERK, username="clerk-runs")
    register(clerk=clerk)
    post(app, client, "/exports/registry", {})
    wait_for_background_exports(app)
    job = db.session.scalar(db.select(ExportJob))
    written = (export_folder(app) / job.file_name).read_bytes()
    registry_exports.run(app, job.id)  # delivered again
    db.session.expire_all()
    assert job.status is ExportStatus.DONE
    assert (export_folder(app) / job.file_name).read_bytes() == written
    assert len(_actions("export.registry")) == 1


def test_an_export_failed_as_dead_while_it_ran_stays_failed_and_keeps_no_file(
        app, client, login_as, monkeypatch):
    clerk = login_as(Role.CLERK, username="clerk-runs")
    register(clerk=clerk)
    write = registry_exports.write_registry

    def stalled(office_id, path, **kwargs):
        count = write(office_id, path, **kwargs)
        _fail_as_dead(app)  # the worker stalled past a minute before recording it
        return count

    monkeypatch.setattr(registry_exports, "write_registry", stalled)
    job = ExportJob(office_id=clerk.office_id, user_id=clerk.id, kind="registry",
                    unmasked=False, file_name="stalled.xlsx")
    db.session.add(job)
    db.session.commit()
    job_id = job.id
    registry_exports.run(app, job_id)
    db.session.expire_all()
    assert job.status is ExportStatus.FAILED and job.error == registry_exports.DIED
    assert not (export_folder(app) / "stalled.xlsx").exists()
    assert [e.success for e in _actions("export.registry")] == [False]  # the rule's, only


def test_an_import_failed_as_dead_before_it_committed_saves_no_case(
        app, client, login_as, monkeypatch):
    login_as(Role.CLERK, username="clerk-runs")

    def stalled(*args, **kwargs):
        _fail_as_dead(app)
        return real_import_cases(*args, **kwargs)

    monkeypatch.setattr(import_jobs, "import_cases", stalled)
    data = filled_template([case_row(1)], [worker_row(1, 1)])
    response = post(app, client, "/cases/import/", {"file": (io.BytesIO(data), "历年案件.xlsx")},
                    content_type="multipart/form-data")
    assert response.status_code == 303
    job_id = db.session.scalar(db.select(ExportJob.id))
    wait_for_background_exports(app)
    db.session.expire_all()
    job = db.session.get(ExportJob, job_id)
    assert job.status is ExportStatus.FAILED and job.error == registry_exports.IMPORT_DIED
    assert db.session.scalar(db.select(db.func.count(Case.id))) == 0
    assert [e.success for e in _actions("import.cases")] == [False]  # the rule's, only
    import_jobs.run(app, job_id)  # a retry afterwards finds it failed and does nothing
    assert db.session.scalar(db.select(db.func.count(Case.id))) == 0
