"""The daily jobs: RQ's cron scheduler queues them at their China times, the workers run them
(rules run, blacklist expiries, clean-up, the evidence check, reminder digests); `flask jobs`
needs REDIS_URL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from rq.cron import CronScheduler

from wagewatch.extensions import db
from wagewatch.models import AuditEvent, ExportJob, ExportStatus, Role, utcnow
from wagewatch.services import daily_jobs, job_queue
from wagewatch.services.reference.calendar import today
from wagewatch.temp_files import export_folder

from tests.factories import make_user
from tests.jobs.conftest import run_workers


def test_the_daily_times_are_read_in_china_time():
    assert daily_jobs.utc_cron("02:00", "Asia/Shanghai") == "0 18 * * *"
    assert daily_jobs.utc_cron("7:30", "Asia/Shanghai") == "30 23 * * *"
    assert daily_jobs.utc_cron("09:05", "Asia/Shanghai") == "5 1 * * *"
    for wrong in ("24:00", "2点", "02:60", ""):
        with pytest.raises(ValueError):
            daily_jobs.utc_cron(wrong, "Asia/Shanghai")


def test_the_scheduler_queues_each_daily_job_and_a_worker_runs_them(app, queued):
    clerk = make_user(role=Role.CLERK, username="clerk-daily")
    old = ExportJob(office_id=clerk.office_id, user_id=clerk.id, kind="registry", unmasked=False,
                    file_name="yesterday.xlsx", status=ExportStatus.DONE,
                    finished_at=utcnow() - timedelta(hours=25))
    db.session.add(old)
    db.session.commit()
    (export_folder(app) / old.file_name).write_bytes(b"a workbook of yesterday")
    scheduler = CronScheduler(connection=job_queue.connect(queued))
    lines = daily_jobs.schedule(app, scheduler)
    daily = "02:00 Asia/Shanghai = cron 0 18 * * * UTC"
    assert lines == [f"rules-run: {daily}", f"blacklist-expire: {daily}", f"cleanup: {daily}",
                     f"attachments-verify: {daily}",
                     "reminders-send: 07:30 Asia/Shanghai = cron 30 23 * * * UTC"]
    first = min(job.next_enqueue_time for job in scheduler.get_jobs())
    assert first.astimezone(UTC).time().hour in (18, 23) and first > datetime.now(UTC)
    assert scheduler.enqueue_jobs() == []  # nothing is due before its time
    for job in scheduler.get_jobs():
        job.next_enqueue_time = datetime.now(UTC) - timedelta(seconds=1)  # the time has come
    assert len(scheduler.enqueue_jobs()) == 5
    assert job_queue.queue(queued).count == 5
    output = run_workers(app)
    assert output.count("Job OK") == 5, output
    for said in ("rules run", "blacklist expiry", "clean-up: 1 exports", "attachments verified: 0 files",
                 "reminders: 0 made"):
        assert said in output, output
    db.session.refresh(old)
    assert old.status is ExportStatus.EXPIRED
    assert not (export_folder(app) / old.file_name).exists()
    sent = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "reminders.send"))
    assert sent.detail.startswith(f"{today().isoformat()}：生成提醒 0 份")  # today in China


def test_a_daily_job_can_be_queued_by_hand(app, runner, queued):
    result = runner.invoke(args=["jobs", "enqueue", "cleanup"])
    assert result.exit_code == 0 and "已加入队列：cleanup" in result.output
    assert job_queue.queue(queued).count == 1


def test_the_jobs_commands_need_redis(app, runner):
    for command in (["jobs", "worker"], ["jobs", "scheduler"], ["jobs", "enqueue", "cleanup"]):
        result = runner.invoke(args=command)
        assert result.exit_code != 0 and "未设置 REDIS_URL" in result.output
