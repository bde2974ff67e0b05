"""The Redis job queue for real: each test process gets its own Redis database (skipped without
WAGEWATCH_TEST_REDIS_URL), the app sends its jobs there, and real worker processes run them."""

from __future__ import annotations

import os
import subprocess
import sys
from urllib.parse import urlsplit, urlunsplit

import pytest
from redis import Redis

from wagewatch.extensions import db
from wagewatch.services.jobs import RUNNER_KEY

from tests.conftest import INSTANCE, XDIST_WORKER

TEST_REDIS_URL = os.environ.get("WAGEWATCH_TEST_REDIS_URL")
#: The app as a worker or web process of the tests builds it (never the developer's instance).
APP_SPEC = f'wagewatch:create_app(instance_path="{INSTANCE}")'


def _own_database(url: str) -> str:
    """The URL's database (1 when it names 0 or none) for a single test process, that + N for
    xdist worker gwN, so runs given different databases never empty each other's."""
    base = int(urlsplit(url).path.strip("/") or 0) or 1
    number = base + (int(XDIST_WORKER.removeprefix("gw")) if XDIST_WORKER else 0)
    return urlunsplit(urlsplit(url)._replace(path=f"/{number}"))


@pytest.fixture
def redis_url():
    """An empty Redis database of this test process."""
    if not TEST_REDIS_URL:
        pytest.skip("WAGEWATCH_TEST_REDIS_URL is not set: the Redis queue tests are skipped")
    url = _own_database(TEST_REDIS_URL)
    connection = Redis.from_url(url)
    connection.flushdb()
    yield url
    connection.flushdb()
    connection.close()


@pytest.fixture
def queued(app, redis_url, monkeypatch):
    """The app with REDIS_URL set: its jobs go to the queue, nothing runs in its threads."""
    monkeypatch.setitem(app.config, "REDIS_URL", redis_url)
    app.extensions.pop(RUNNER_KEY, None)
    yield redis_url
    app.extensions.pop(RUNNER_KEY, None)


def process_env(app) -> dict[str, str]:
    """The environment that makes another process build the same app as the test's."""
    return dict(
        os.environ, DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"],
        SECRET_KEY=app.config["SECRET_KEY"], WAGEWATCH_ENV="testing",
        EXPORT_FOLDER=app.config["EXPORT_FOLDER"], ATTACHMENT_FOLDER=app.config["ATTACHMENT_FOLDER"],
        REDIS_URL=app.config["REDIS_URL"], SESSION_COOKIE_SECURE="0")


def flask_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "flask", "--app", APP_SPEC, *args]


def start_workers(app, count: int = 1) -> list[subprocess.Popen]:
    """Start ``count`` burst workers (`flask jobs worker --burst`): they stop when the queue is
    empty. The test's own transaction is ended first so SQLite lets them write."""
    db.session.commit()
    return [subprocess.Popen(flask_command("jobs", "worker", "--burst", "--name", f"test-{n}"),
                             env=process_env(app), stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True)
            for n in range(count)]


def wait_for(processes: list[subprocess.Popen]) -> str:
    """Wait for the workers to empty the queue; returns their output."""
    output = []
    for process in processes:
        out, _ = process.communicate(timeout=180)
        output.append(out)
        assert process.returncode == 0, out
    db.session.rollback()
    db.session.expire_all()
    return "\n".join(output)


def run_workers(app, count: int = 1) -> str:
    return wait_for(start_workers(app, count))
