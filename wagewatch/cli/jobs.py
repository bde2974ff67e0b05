"""`flask jobs worker` and `flask jobs scheduler`: the Redis queue's worker processes and RQ's
cron scheduler that queues the daily jobs (docs/operations.md)."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from rq import Worker
from rq.cron import CronScheduler

from wagewatch.extensions import db
from wagewatch.services import daily_jobs, job_queue

jobs_cli = AppGroup("jobs", help="Background jobs on the Redis queue.")


def _redis_url() -> str:
    url = current_app.config.get("REDIS_URL")
    if not url:
        raise click.ClickException("未设置 REDIS_URL：没有任务队列，后台任务在网页进程内运行，"
                                   "每日任务请用 cron 调用 flask 命令（见 docs/operations.md）。")
    return url


@jobs_cli.command("worker")
@click.option("--burst", is_flag=True, help="Stop once the queue is empty.")
@click.option("--name", default=None, help="The worker's name in Redis (default: host and pid).")
def worker_command(burst: bool, name: str | None) -> None:
    """Run queued jobs (exports, imports, the daily jobs), each in a forked process with a fresh
    app context; start as many as the work needs, on any host sharing the database and
    EXPORT_FOLDER."""
    url = _redis_url()
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    job_queue.use_app(app)
    db.engine.dispose()  # no connection is shared with the forked job processes
    queue = job_queue.queue(url)
    worker = Worker([queue], connection=queue.connection, name=name)
    worker.work(burst=burst, logging_level="INFO")


@jobs_cli.command("scheduler")
def scheduler_command() -> None:
    """Queue the daily jobs at DAILY_JOBS_AT and REMINDERS_AT (TIMEZONE) with RQ's cron
    scheduler; run exactly one."""
    url = _redis_url()
    scheduler = CronScheduler(connection=job_queue.connect(url), logging_level="INFO")
    for line in daily_jobs.schedule(current_app, scheduler):
        click.echo(f"每日任务 {line}")
    scheduler.start()


@jobs_cli.command("enqueue")
@click.argument("name", type=click.Choice(sorted(daily_jobs.DAILY)))
def enqueue_command(name: str) -> None:
    """Put one daily job on the queue now (after an outage, or to try the workers)."""
    function, _ = daily_jobs.DAILY[name]
    job = job_queue.queue(_redis_url()).enqueue(
        function, job_timeout=job_queue.JOB_TIMEOUT, result_ttl=job_queue.RESULT_TTL,
        failure_ttl=job_queue.FAILURE_TTL)
    click.echo(f"已加入队列：{name}（{job.id}）")


def init_app(app: Flask) -> None:
    app.cli.add_command(jobs_cli)
