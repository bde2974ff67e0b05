"""Fixtures: the app on SQLite and (when configured) PostgreSQL, clients, login_as, a browser."""

from __future__ import annotations

import os
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
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

#: The xdist worker running this process ("gw0", "gw1", ...), or "" when the suite runs in one process.
XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")


def _worker_database(url: str | None) -> str | None:
    """With parallel workers each gets its own PostgreSQL database (``test_gw0``...), created if
    missing, so that workers never empty each other's tables."""
    if not url or not XDIST_WORKER:
        return url
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    from wagewatch.config import normalise_database_url

    base = make_url(normalise_database_url(url))
    name = f"{base.database or 'test'}_{XDIST_WORKER}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        exists = connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :name"),
                                    {"name": name}).scalar()
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


PG_URL = _worker_database(os.environ.get("WAGEWATCH_TEST_DATABASE_URL"))
REQUIRE_BROWSER = os.environ.get("WAGEWATCH_REQUIRE_BROWSER") == "1"
CHROMIUM = Path("/usr/bin/chromium")
#: An empty instance folder, so a developer's instance/config.py never leaks into the tests.
INSTANCE = str(Path(__file__).resolve().parent / "instance-for-tests")
BACKENDS = ["sqlite", "postgresql"] if PG_URL else ["sqlite"]
#: Prepared export files of the test run (never the instance folder).
EXPORT_FOLDER = tempfile.mkdtemp(prefix="wagewatch-test-exports-")
#: Stored evidence attachments of the test run (never the instance folder).
ATTACHMENT_FOLDER = tempfile.mkdtemp(prefix="wagewatch-test-attachments-")


def pytest_report_header(config) -> list[str]:
    lines = [f"wagewatch database backends: {', '.join(BACKENDS)}"]
    if not PG_URL:
        lines.append("PostgreSQL tests skipped: WAGEWATCH_TEST_DATABASE_URL is not set")
    return lines


#: Fixtures that give a test a database: the shared one per backend, or an empty one to migrate.
DATABASE_FIXTURES = {"database_url", "empty_database_url"}


def pytest_collection_modifyitems(config, items) -> None:
    """Mark every test by what it needs, from the fixtures it uses: ``browser`` (Chromium),
    ``db`` (a database) or ``unit`` (neither), so that ``pytest -m unit`` runs without one."""
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if "browser" in names or item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.db)
        elif not DATABASE_FIXTURES.isdisjoint(names) or item.get_closest_marker("db"):
            item.add_marker(pytest.mark.db)
        else:
            item.add_marker(pytest.mark.unit)


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


@pytest.fixture(scope="session")
def _backends() -> Iterator[dict[str, tuple[str, Flask]]]:
    """Each backend's database and shared app, made the first time a test needs that backend and
    kept to the end of the run. pytest tears a parametrized session fixture down whenever the
    next test wants its other parameter, and parallel workers switch backends often: without
    this every switch rebuilt the schema and the app, and recompiled its templates."""
    made: dict[str, tuple[str, Flask]] = {}
    yield made
    for _url, application in made.values():
        with application.app_context():
            db.drop_all()
            db.engine.dispose()


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(request, _backends, tmp_path_factory) -> str:
    """One database per backend for the whole run; tables are created once, emptied per test."""
    if request.param not in _backends:
        url = (PG_URL if request.param == "postgresql"
               else f"sqlite:///{tmp_path_factory.mktemp('db') / 'wagewatch.sqlite'}")
        assert url is not None          # BACKENDS has postgresql only when PG_URL is set
        application = create_app(app_config(url), instance_path=INSTANCE)
        application.test_client_class = IsolatedClient
        with application.app_context():
            db.drop_all()
            db.create_all()
        _backends[request.param] = (url, application)
    return _backends[request.param][0]


@pytest.fixture(scope="session")
def shared_app(database_url, _backends):
    """One app per backend for the run: building one (its URL map, its Jinja environment) costs
    far more than most tests, so tests share it and the ``app`` fixture restores its state."""
    return next(application for url, application in _backends.values() if url == database_url)


RESET_SEQUENCES = ("SELECT setval(s.oid, 1, false) FROM pg_class s "
                   "WHERE s.relkind = 'S' AND s.relnamespace = current_schema()::regnamespace")
#: app.extensions key: the test's joined connection, None when the test commits for real.
JOINED_KEY = "tests.joined_connection"


def _empty_all_tables() -> None:
    tables = list(reversed(db.metadata.sorted_tables))
    if db.engine.dialect.name == "postgresql":
        # TRUNCATE costs a tenth of a second however few rows there are (and CASCADE from the
        # office reaches every table): find the tables the test wrote to in one round trip and
        # delete their rows, children first.
        probe = " UNION ALL ".join(
            f"SELECT '{t.name}' WHERE EXISTS (SELECT 1 FROM \"{t.name}\")" for t in tables)
        used = {row[0] for row in db.session.execute(text(probe))}
        connection = db.session.connection()  # past the session's audit-log guard
        for table in tables:
            if table.name == "audit_event" and table.name in used:
                # Where a migration test left the append-only trigger, rows go by TRUNCATE only.
                connection.execute(text('TRUNCATE "audit_event"'))
            elif table.name in used:
                connection.execute(table.delete())
        connection.execute(text(RESET_SEQUENCES))
    else:
        for table in tables:  # past the session, whose guard refuses deleting the audit log
            db.session.connection().execute(table.delete())
    db.session.commit()


class IsolatedClient(FlaskClient):
    """A test client whose every request runs in a fresh app context, as in a real server.

    Without this the request would reuse the test's app context, and with it ``g`` (where
    Flask-Login caches the user) and the database session, hiding session and loading bugs.
    """

    def open(self, *args, **kwargs):
        if self.application.extensions.get(JOINED_KEY) is not None:
            _end_test_read_transaction()
        with self.application.app_context():
            return super().open(*args, **kwargs)


def _end_test_read_transaction() -> None:
    """Before a request of a rolled-back test: end the test session's transaction when it holds
    no changes. On one connection the request's commit lands inside the test session's savepoint,
    and a later rollback of the test session would take the request's work with it; with
    connections of their own, as in production, it never would."""
    session = db.session()
    if session.in_transaction() and not (session.new or session.dirty or session.deleted):
        session.commit()


def wait_for_background_exports(application) -> None:
    """Let every export thread the test started finish before its database is emptied."""
    from wagewatch.services.jobs import THREADS_KEY

    for thread in application.extensions.get(THREADS_KEY, []):
        thread.join(timeout=120)
        assert not thread.is_alive(), f"export thread {thread.name} did not finish"


#: Fixtures whose tests need real commits: a live server answers from its own threads, and the
#: Redis queue's workers are other processes.
COMMITTING_FIXTURES = {"live_server", "redis_url"}


def committing(node) -> bool:
    """Whether a test commits for real (and its tables are emptied afterwards) instead of running
    inside a transaction rolled back at its end."""
    return (node.get_closest_marker("committing") is not None
            or not COMMITTING_FIXTURES.isdisjoint(getattr(node, "fixturenames", ())))


class _OneConnection:
    """Every session of a test joins the test's one connection, where the test's transaction is
    open: a session's commit releases a savepoint, its rollback returns to it ("Joining a Session
    into an External Transaction", SQLAlchemy 2). Sessions from other threads are refused: they
    would share the connection with the test (such tests are marked ``committing``)."""

    def __init__(self, connection) -> None:
        self.connection = connection
        self.factory = db.session.session_factory
        self.thread = threading.get_ident()
        self.saved_class, self.saved_kw = self.factory.class_, dict(self.factory.kw)
        guard, base = self, self.saved_class

        class BoundSession(base):  # type: ignore[misc, valid-type]
            def __init__(self, *args, **kwargs):
                if threading.get_ident() != guard.thread:
                    raise RuntimeError("a session in another thread during a rolled-back test: "
                                       "mark the test module `committing`")
                super().__init__(*args, **kwargs)

            def get_bind(self, *args, **kwargs):
                # Flask-SQLAlchemy picks the app's engine; the test's connection comes first.
                return guard.connection

        self.factory.class_ = BoundSession
        self.factory.configure(bind=connection, join_transaction_mode="create_savepoint")

    def restore(self) -> None:
        self.factory.class_ = self.saved_class
        self.factory.kw.clear()
        self.factory.kw.update(self.saved_kw)


@contextmanager
def _rolled_back() -> Iterator[_OneConnection]:
    """One connection with a transaction open for the whole test, rolled back at its end."""
    connection = db.engine.connect()
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        # pysqlite (Python < 3.12) begins and ends transactions itself and breaks SAVEPOINT: let
        # SQLAlchemy's statements alone decide (the documented pysqlite workaround).
        driver = connection.connection.driver_connection
        driver.isolation_level = None  # type: ignore[union-attr]
    outer = connection.begin()
    if sqlite:
        connection.exec_driver_sql("BEGIN")
    else:
        # Sequences ignore rollbacks: every test starts its ids at 1, as after emptying.
        connection.execute(text(RESET_SEQUENCES))
    joined = _OneConnection(connection)
    try:
        yield joined
    finally:
        db.session.remove()
        joined.restore()
        outer.rollback()
        if sqlite:
            driver.isolation_level = ""  # type: ignore[union-attr]
        connection.close()


@pytest.fixture
def app(request, database_url, shared_app):
    """The app on an empty database (with the default office), inside an app context.

    Each test runs inside one transaction on one connection, rolled back at its end; a test
    marked ``committing`` (live servers, worker processes, threads, migrations) commits for real
    and every table is emptied after it.

    Tests share one app per backend; its configuration and extensions are put back after each
    test. A test that changes the app itself (adds a route) is marked ``fresh_app`` and gets its own.
    """
    fresh = request.node.get_closest_marker("fresh_app") is not None
    if fresh:
        application = create_app(app_config(database_url), instance_path=INSTANCE)
        application.test_client_class = IsolatedClient
    else:
        application = shared_app
    config = dict(application.config)
    extensions = set(application.extensions)
    with application.app_context(), ExitStack() as stack:
        joined = None if committing(request.node) else stack.enter_context(_rolled_back())
        if joined is None and db.engine.dialect.name == "postgresql":
            # A rolled-back test before this one may have advanced the sequences: start at 1.
            db.session.execute(text(RESET_SEQUENCES))
            db.session.commit()
        application.extensions[JOINED_KEY] = joined
        factories.make_office()
        try:
            yield application
        finally:
            wait_for_background_exports(application)
            db.session.rollback()
            if joined is None:
                _empty_all_tables()
            db.session.remove()
    if fresh:
        with application.app_context():
            db.engine.dispose()
    application.config.clear()
    application.config.update(config)
    for key in set(application.extensions) - extensions:
        del application.extensions[key]


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
    # shutdown() waits for the serving loop's next poll: poll often, not every half second.
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02},
                              daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def page(browser, live_server) -> Iterator[Any]:
    """Playwright's Page in Chinese at a laptop's size, the dialogs it dismissed in .dialogs."""
    context = browser.new_context(base_url=live_server, locale="zh-CN",
                                  viewport={"width": 1366, "height": 900})
    context.set_default_timeout(10_000)
    # Assertions wait for the page the last click loads (never read the page before it).
    from playwright.sync_api import expect

    expect.set_options(timeout=10_000)
    page = context.new_page()
    dialogs: list[str] = []

    def dismiss(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    page.dialogs = dialogs
    yield page
    context.close()
