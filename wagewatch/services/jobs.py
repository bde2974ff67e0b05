"""Background work: one small runner interface (the Redis queue when REDIS_URL is set, else
threads in this process), a heartbeat while a job runs, and the rule that a job whose heartbeat
stopped died with its worker (security.md item 26)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Protocol

from flask import Flask, current_app
from sqlalchemy import CursorResult, update

from wagewatch.extensions import db
from wagewatch.models import ExportJob, ExportStatus, utcnow
from wagewatch.services import ServiceError
from wagewatch.temp_files import export_folder, temp_folder

log = logging.getLogger(__name__)

#: A running job beats this often (seconds) ...
HEARTBEAT_EVERY = 10.0
#: ... and one whose last beat is older than this died with its worker (restart, kill -9).
STALE_AFTER = timedelta(minutes=1)
THREADS_KEY = "wagewatch.job_threads"
QUEUE_DOWN = "后台任务服务（Redis）无法连接，任务未能开始，请稍后再试；如仍不行请联系系统管理员。"
RUNNER_KEY = "wagewatch.job_runner"


#: A job's work: a module-level function called with the app and the job's row id. It loads
#: the row itself in a fresh app context, so the process that runs it needs nothing else.
Task = Callable[[Flask, int], None]


class Runner(Protocol):
    """Where background work runs: threads here, or the Redis queue's workers."""

    def submit(self, app: Flask, task: Task, job_id: int, key: str) -> None:
        """Run ``task(app, job_id)`` once, in the background; ``key`` names the job uniquely."""

    def waiting(self, app: Flask, key: str) -> bool | None:
        """Whether the job ``key`` still waits for a worker (None: this runner cannot tell)."""


class ThreadRunner:
    """Runs each job in a daemon thread of the process that accepted it (no REDIS_URL)."""

    def submit(self, app: Flask, task: Task, job_id: int, key: str) -> None:
        thread = threading.Thread(target=task, args=(app, job_id), name=key, daemon=True)
        app.extensions.setdefault(THREADS_KEY, []).append(thread)
        thread.start()

    def waiting(self, app: Flask, key: str) -> bool | None:
        return None  # a thread starts at once: a job still queued after a minute died


def runner(app: Flask) -> Runner:
    """The app's runner: the Redis queue when REDIS_URL is set, else a ThreadRunner (unless
    another was installed in app.extensions)."""
    if RUNNER_KEY not in app.extensions:
        if app.config.get("REDIS_URL"):
            from wagewatch.services.job_queue import QueueRunner

            app.extensions[RUNNER_KEY] = QueueRunner(app.config["REDIS_URL"])
        else:
            app.extensions[RUNNER_KEY] = ThreadRunner()
    return app.extensions[RUNNER_KEY]


def job_key(kind: str, job_id: int, file_name: str) -> str:
    """A job's name on the queue: unique even when a test database restarts its ids."""
    return f"wagewatch-{kind}-{job_id}-{file_name[:12]}"


class QueueUnavailable(Exception):
    """The job queue (Redis) did not take the job."""


def submit(job: ExportJob, task: Task) -> None:
    """Hand a committed queued job to the app's runner. When the queue cannot be reached the job
    is failed at once, its upload removed, and a ServiceError says so (nothing waits forever)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    try:
        runner(app).submit(app, task, job.id, job_key(job.kind, job.id, job.file_name))
    except QueueUnavailable:
        log.exception("job %s could not be queued", job.id)
        db.session.execute(update(ExportJob).where(ExportJob.id == job.id).values(
            status=ExportStatus.FAILED, finished_at=utcnow(), error=QUEUE_DOWN))
        db.session.commit()
        (export_folder(app) / job.file_name).unlink(missing_ok=True)
        raise ServiceError(QUEUE_DOWN) from None


def claim(job_id: int) -> bool:
    """Take a queued job for this run and commit; False when it is not queued any more. Only one
    run ever takes a job: a retry, or a second worker handed the same job, does nothing."""
    taken: CursorResult = db.session.execute(  # type: ignore[assignment]
        update(ExportJob).where(ExportJob.id == job_id, ExportJob.status == ExportStatus.QUEUED)
        .values(status=ExportStatus.RUNNING, heartbeat_at=utcnow()))
    db.session.commit()
    return taken.rowcount == 1


def settle(job_id: int, **values: object) -> bool:
    """Record a running job's end (``values``: its status and result) in the session, uncommitted;
    False when the job is not running any more (the heartbeat rule failed it while this run was
    stalled): the run's work must then be thrown away, never recorded over that failure."""
    values.setdefault("finished_at", utcnow())
    ended: CursorResult = db.session.execute(  # type: ignore[assignment]
        update(ExportJob).where(ExportJob.id == job_id, ExportJob.status == ExportStatus.RUNNING)
        .values(**values))
    return ended.rowcount == 1


def is_dead(last_beat: datetime, now: datetime) -> bool:
    """Whether a queued or running job's last sign of life is older than STALE_AFTER."""
    return now - last_beat > STALE_AFTER


def pulse_path(app: Flask, job_id: int) -> Path:
    """A running job's pulse file: its heartbeat (mtime) and progress. SQLite has one writer and
    an import holds it for minutes (all or nothing), so a job may beat here instead of in its
    row; the file lives in the app's 0700 folder."""
    return temp_folder(app) / f"job-{job_id}.pulse"


def last_beat(app: Flask, job_id: int, recorded: datetime) -> datetime:
    """A job's latest sign of life: ``recorded`` (its row's heartbeat, or its creation) or its
    pulse file's, whichever is newer (aware UTC)."""
    path = pulse_path(app, job_id)
    try:
        pulsed = datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)
    except FileNotFoundError:
        return recorded
    return max(recorded, pulsed)


@contextmanager
def heartbeat(beat: Callable[[], None], every: float = HEARTBEAT_EVERY) -> Iterator[None]:
    """Call ``beat`` every ``every`` seconds from a side thread while the block runs, so a long
    step without progress (saving a large workbook) still shows the job alive."""
    stop = threading.Event()

    def loop() -> None:
        while not stop.wait(every):
            try:
                beat()
            except Exception:  # a missed beat must not end the job itself
                log.exception("job heartbeat failed")

    thread = threading.Thread(target=loop, name="job-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
