"""The daily jobs on the Redis queue: rules run, blacklist expiries, clean-up and the evidence
check at DAILY_JOBS_AT, the reminder digests at REMINDERS_AT (China time), put on the queue by
RQ's cron scheduler (`flask jobs scheduler`) and run by the workers. Each is safe to run twice
on a day."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask import Flask
from rq.cron import CronScheduler

from wagewatch import temp_files
from wagewatch.extensions import db
from wagewatch.files.storage import remove_stale_temporary_files
from wagewatch.services.blacklist.listing_expiry import expire_listings
from wagewatch.services.documents.attachments import verify_store
from wagewatch.services.exports import registry_exports
from wagewatch.services.flags.evaluation import run_all
from wagewatch.services.flags.evaluation_processes import default_processes
from wagewatch.services.job_queue import FAILURE_TTL, JOB_TIMEOUT, QUEUE_NAME, RESULT_TTL, worker_app
from wagewatch.services.reference.calendar import today
from wagewatch.services.reminders import send_digests

log = logging.getLogger(__name__)

CLOCK_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def rules_run() -> None:
    """`flask rules run` for today in China (S-45, S-JI: flags re-evaluated every day)."""
    app = worker_app()
    with app.app_context():
        day = today()
        report = run_all(day, processes=default_processes())
        log.info("rules run %s: %s evaluated, %s raised, %s cleared", day, report.evaluated,
                 report.raised, report.cleared)


def blacklist_expire() -> None:
    """`flask blacklist expire` for today in China (S-45 art. 14, S-17 art. 18)."""
    app = worker_app()
    with app.app_context():
        day = today()
        report = expire_listings(day)
        log.info("blacklist expiry %s: %s removed, %s extended", day, report.removed,
                 report.extended)


def attachments_verify() -> None:
    """`flask attachments verify`: re-hash every stored evidence file; the job fails (kept in
    RQ's failed jobs, see `rq info`) and logs each missing or altered file when one is found."""
    app = worker_app()
    with app.app_context():
        report = verify_store()
    for label, problems in (("missing", report.missing), ("altered", report.altered)):
        for sha256, ids in problems.items():
            log.error("attachment %s %s (attachments %s)", sha256, label, ids)
    log.info("attachments verified: %s files, %s missing, %s altered", report.checked,
             len(report.missing), len(report.altered))
    if not report.ok:
        raise RuntimeError("stored attachments missing or altered: see the log")


def reminders_send() -> None:
    """`flask reminders send`: today's digests (once per user and day)."""
    app = worker_app()
    base_url = app.config["BASE_URL"]
    with app.app_context(), app.test_request_context("/", base_url=base_url):
        report = send_digests(today(), base_url)
        log.info("reminders: %s made, %s e-mailed, failed: %s", report.made, report.emailed,
                 report.failed)


def cleanup() -> None:
    """Delete prepared exports older than 24 hours, fail jobs whose worker died, and remove
    scratch files and uploads left by killed processes (security.md item 26)."""
    app = worker_app()
    with app.app_context():
        try:
            expired = registry_exports.expire_files()
        finally:
            db.session.remove()
    scratch = temp_files.remove_stale(app) + remove_stale_temporary_files(app)
    log.info("clean-up: %s exports expired or failed, %s stale files removed", expired, scratch)


#: Each daily job, with the setting naming its time of day.
DAILY: dict[str, tuple[Callable[[], None], str]] = {
    "rules-run": (rules_run, "DAILY_JOBS_AT"),
    "blacklist-expire": (blacklist_expire, "DAILY_JOBS_AT"),
    "cleanup": (cleanup, "DAILY_JOBS_AT"),
    "attachments-verify": (attachments_verify, "DAILY_JOBS_AT"),
    "reminders-send": (reminders_send, "REMINDERS_AT"),
}


def utc_cron(clock_time: str, zone: str) -> str:
    """The cron line (RQ's scheduler reads it in UTC) of ``clock_time`` ("HH:MM") every day in
    ``zone``. China keeps no daylight saving, so one UTC time is right all year."""
    match = CLOCK_TIME.match(clock_time.strip())
    if not match:
        raise ValueError(f"not a time of day (HH:MM): {clock_time!r}")
    local = datetime.now(ZoneInfo(zone)).replace(hour=int(match[1]), minute=int(match[2]),
                                                 second=0, microsecond=0)
    utc = local.astimezone(UTC)
    return f"{utc.minute} {utc.hour} * * *"


def schedule(app: Flask, scheduler: CronScheduler) -> list[str]:
    """Register the daily jobs with RQ's cron scheduler; returns each one's time and cron line."""
    lines = []
    for name, (function, setting) in DAILY.items():
        line = utc_cron(app.config[setting], app.config["TIMEZONE"])
        scheduler.register(function, QUEUE_NAME, cron=line, name=f"wagewatch-{name}",
                           job_timeout=JOB_TIMEOUT, result_ttl=RESULT_TTL,
                           failure_ttl=FAILURE_TTL)
        lines.append(f"{name}: {app.config[setting]} {app.config['TIMEZONE']} = cron {line} UTC")
    return lines

