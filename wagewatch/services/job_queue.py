"""The Redis job queue (RQ), used when REDIS_URL is set: a job is enqueued by its row id, so it
outlives the web process that asked for it and any number of workers (`flask jobs worker`) share
the work; each worker builds the app once and runs every job in a fresh app context."""

from __future__ import annotations

import importlib
import logging
import os

from flask import Flask
from redis import Redis
from redis.exceptions import RedisError
from rq import Queue
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus

from wagewatch.extensions import db
from wagewatch.services.jobs import QueueUnavailable, Task

log = logging.getLogger(__name__)

#: The one queue every wagewatch job goes to.
QUEUE_NAME = "wagewatch"
#: RQ stops a job running longer than this (seconds); a dead one is found by its heartbeat.
JOB_TIMEOUT = 4 * 3600
#: How long Redis keeps a finished job's record (seconds): the result itself is in the database.
RESULT_TTL = 3600
#: ... and a failed one's, for the operator to read with `rq info` (seconds).
FAILURE_TTL = 7 * 24 * 3600
#: RQ states of a job no worker has finished with: it is not dead while it is in one of these.
WAITING = {JobStatus.QUEUED, JobStatus.SCHEDULED, JobStatus.DEFERRED, JobStatus.STARTED}

_worker: dict[str, object] = {}


def connect(url: str) -> Redis:
    """A Redis connection that gives up within seconds instead of hanging a request."""
    return Redis.from_url(url, socket_connect_timeout=5, socket_timeout=30,
                          health_check_interval=30)


def queue(url: str) -> Queue:
    return Queue(QUEUE_NAME, connection=connect(url))


class QueueRunner:
    """Puts each job on the Redis queue for a worker process."""

    def __init__(self, url: str) -> None:
        self.queue = queue(url)

    def submit(self, app: Flask, task: Task, job_id: int, key: str) -> None:
        """Enqueue ``task(app, job_id)`` under ``key``; raises QueueUnavailable when Redis
        cannot be reached."""
        try:
            self.queue.enqueue(perform, f"{task.__module__}:{task.__qualname__}", job_id,
                               job_id=key, description=key, job_timeout=JOB_TIMEOUT,
                               result_ttl=RESULT_TTL, failure_ttl=FAILURE_TTL)
        except RedisError as error:
            raise QueueUnavailable(str(error)) from error

    def waiting(self, app: Flask, key: str) -> bool | None:
        """Whether the queue still holds the job for a worker (None when Redis cannot say)."""
        try:
            return Job.fetch(key, connection=self.queue.connection).get_status() in WAITING
        except NoSuchJobError:
            return False
        except RedisError:
            log.warning("cannot ask Redis about job %s", key)
            return None


def use_app(app: Flask) -> None:
    """Make ``app`` the one this worker process runs its jobs with."""
    _worker.update(app=app, pid=os.getpid())


def worker_app() -> Flask:
    """The worker's app (built with create_app on first use). In a work horse forked from the
    worker, the database connections inherited from the parent are dropped unused first."""
    if "app" not in _worker:
        from wagewatch import create_app

        use_app(create_app())
    app: Flask = _worker["app"]  # type: ignore[assignment]
    if _worker["pid"] != os.getpid():
        with app.app_context():
            db.engine.dispose(close=False)
        _worker["pid"] = os.getpid()
    return app


def perform(task: str, job_id: int) -> None:
    """What a worker runs for a queued job: ``task`` ("module:function" in wagewatch) called
    with the worker's app and the job's row id."""
    module, _, name = task.partition(":")
    if module.split(".")[0] != "wagewatch":
        raise ValueError(f"not a wagewatch task: {task}")
    function = getattr(importlib.import_module(module), name)
    function(worker_app(), job_id)
