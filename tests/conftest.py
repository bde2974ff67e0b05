"""Fixtures: the app on SQLite and (when configured) PostgreSQL, clients, login_as, a browser."""

from __future__ import annotations

import os
import tempfile
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from sqlalchemy import text
from werkzeug.serving import make_server

from tests import factories
from wagewatch import create_app
from wagewatch.extensions import db
from wagewatch.models import Role

# The process runs in UTC, as servers usually do: every "today" must still be the date in China.
os.environ["TZ"] = "UTC"
time.tzset()

#: 00:30 on 11 March 2026 in Beijing, when a UTC clock still reads 10 March.
HALF_PAST_MIDNIGHT_IN_BEIJING = datetime(2026, 3, 10, 16, 30, tzinfo=UTC)

PG_URL = os.environ.get("WAGEWATCH_TEST_DATABASE_URL")
REQUIRE_BROWSER = os.environ.get("WAGEWATCH_REQUIRE_BROWSER") == "1"
CHROMIUM = Path("/usr/bin/chromium")
#: An empty instance folder, so a developer's instance/config.py never leaks into the tests.
INSTANCE = str(Path(__file__).resolve().parent / "instance-for-tests")
BACKENDS = ["sqlite", "postgresql"] if PG_URL else ["sqlite"]
#: Prepared export files of the test run (never the instance folder).
EXPORT_FOLDER = tempfile.mkdtemp(prefix="wagewatch-test-exports-")
#: Stored evidence attachments of the test run (never the instance folder).
ATTACHMENT_FOLDER = tempfile.mkdtemp(prefix="wagewatch-test-attachments-")


def pytest_report_header(config) -> list[str]:  # noqa: ANN001
    lines = [f"wagewatch database backends: {', '.join(BACKENDS)}"]
    if not PG_URL:
        lines.append("PostgreSQL tests skipped: WAGEWATCH_TEST_DATABASE_URL is not set")
    return lines


def app_config(database_url: str) -> dict:
    return {
        "TESTING": True,
        "WAGEWATCH_ENV": "testing",
        "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "PASSWORD_HASH_METHOD": factories.FAST_HASH,
        "SESSION_COOKIE_SECURE": False,
        "SERVER_NAME": None,
        "EXPORT_FOLDER": EXPORT_FOLDER,
        "ATTACHMENT_FOLDER": ATTACHMENT_FOLDER,
    }


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(request, tmp_path_factory) -> Iterator[str]:
    """One database per backend for the whole run; tables are created once, emptied per test."""
    if request.param == "postgresql":
        url = PG_URL
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'wagewatch.sqlite'}"
    app = create_app(app_config(url), instance_path=INSTANCE)
    with app.app_context():
        db.drop_all()
        db.create_all()
    yield url
    with app.app_context():
        db.drop_all()
        db.engine.dispose()


def _empty_all_tables() -> None:
    tables = list(reversed(db.metadata.sorted_tables))
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{t.name}"' for t in tables)
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            db.session.execute(table.delete())
    db.session.commit()


class IsolatedClient(FlaskClient):
    """A test client whose every request runs in a fresh app context, as in a real server.

    Without this the request would reuse the test's app context, and with it ``g`` (where
    Flask-Login caches the user) and the database session, hiding session and loading bugs.
    """

    def open(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN201
        with self.application.app_context():
            return super().open(*args, **kwargs)


def wait_for_background_exports(application) -> None:
    """Let every export thread the test started finish before its database is emptied."""
    from wagewatch.services.jobs import THREADS_KEY

    for thread in application.extensions.get(THREADS_KEY, []):
        thread.join(timeout=120)
        assert not thread.is_alive(), f"export thread {thread.name} did not finish"


@pytest.fixture
def app(database_url):
    """The app on an empty database (with the default office), inside an app context."""
    application = create_app(app_config(database_url), instance_path=INSTANCE)
    application.test_client_class = IsolatedClient
    with application.app_context():
        factories.make_office()
        yield application
        wait_for_background_exports(application)
        db.session.rollback()
        _empty_all_tables()
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def beijing_half_past_midnight(app):
    """The app's one clock stands at 00:30 Beijing time (16:30 UTC the day before)."""
    app.config["CLOCK"] = lambda: HALF_PAST_MIDNIGHT_IN_BEIJING
    yield HALF_PAST_MIDNIGHT_IN_BEIJING
    app.config.pop("CLOCK", None)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def login_as(app, client):
    """Log the test client in as a new user of ``role``; returns that user."""

    def _login(role: Role, **user_fields):
        user = factories.make_user(role=role, **user_fields)
        response = factories.login(app, client, user.username)
        assert response.status_code == 302, response.get_data(as_text=True)
        return user

    return _login


# Browser tests -------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = "Debian's chromium is not installed: browser tests skipped"
        if REQUIRE_BROWSER:
            pytest.fail(message + " (WAGEWATCH_REQUIRE_BROWSER=1)")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    chromium = playwright.chromium.launch(
        executable_path=str(CHROMIUM),
        args=["--no-sandbox", "--disable-background-networking", "--disable-gpu",
              "--disable-component-update", "--disable-sync", "--no-first-run"],
    )
    yield chromium
    chromium.close()
    playwright.stop()


@pytest.fixture
def live_server(app):
    """The app served by a real HTTP server on a free loopback port, in a thread."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server, locale="zh-CN")
    context.set_default_timeout(10_000)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.dialogs = dialogs  # type: ignore[attr-defined]
    yield page
    context.close()
