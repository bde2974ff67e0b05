"""Background work: one small runner interface (threads in this process today), a heartbeat
while a job runs, and the rule that a job whose heartbeat stopped died with its worker
(security.md item 26)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Protocol

from flask import Flask

from wagewatch.temp_files import temp_folder

log = logging.getLogger(__name__)

#: A running job beats this often (seconds) ...
HEARTBEAT_EVERY = 10.0
#: ... and one whose last beat is older than this died with its worker (restart, kill -9).
STALE_AFTER = timedelta(minutes=1)
THREADS_KEY = "wagewatch.job_threads"
RUNNER_KEY = "wagewatch.job_runner"


class Runner(Protocol):
    """Where background work runs; another runner (a queue) can take this one's place."""

    def submit(self, app: Flask, work: Callable[[], None], name: str) -> None: ...


class ThreadRunner:
    """Runs each job in a daemon thread of the process that accepted it."""

    def submit(self, app: Flask, work: Callable[[], None], name: str) -> None:
        thread = threading.Thread(target=work, name=name, daemon=True)
        app.extensions.setdefault(THREADS_KEY, []).append(thread)
        thread.start()


def runner(app: Flask) -> Runner:
    """The app's runner (a ThreadRunner unless another was installed in app.extensions)."""
    return app.extensions.setdefault(RUNNER_KEY, ThreadRunner())


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
            except Exception:  # noqa: BLE001 - a missed beat must not end the job itself
                log.exception("job heartbeat failed")

    thread = threading.Thread(target=loop, name="job-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
