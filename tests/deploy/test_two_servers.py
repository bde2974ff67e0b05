"""Two gunicorn servers and a job worker on one PostgreSQL database, one Redis and one shared
folder, as docs/deployment.md lays them out: a clerk's session works on either server, an
export started on one is downloaded through the other, case numbers taken on both at once stay
unique and gap-free, and the login lockout, the per-address login limit and the API limit count
across servers. Runs only with WAGEWATCH_TEST_DATABASE_URL (PostgreSQL) and
WAGEWATCH_TEST_REDIS_URL."""

from __future__ import annotations

import io
import os
import re
import secrets
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from redis import Redis
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from wagewatch import create_app
from wagewatch.config import normalise_database_url
from wagewatch.extensions import db
from wagewatch.models import Role, Township, User
from wagewatch.services.accounts import api_clients
from wagewatch.services.reference.setup import ensure_initial_setup

from tests import factories
from tests.conftest import INSTANCE, PG_URL
from tests.deploy.site import (
    PATIENCE, Answer, Browser, Process, flask, start_server, start_worker, stop_all,
    wait_until_ready,
)
from tests.jobs.conftest import TEST_REDIS_URL, _own_database
from tests.web.cases.factories import make_employer, valid_id_number
from tests.web.evidence import files

#: The same instance/config.py on every host. Hashing is cheap here, and the limits small so
#: that a few requests reach them; what is tested is that every process counts the same.
LIMITS = {"LOCKOUT_THRESHOLD": 5, "LOGIN_ADDRESS_FAILURE_LIMIT": 8, "API_RATE_LIMIT_PER_MINUTE": 6}
HOST_CONFIG = "".join(f"{name} = {value!r}\n" for name, value in
                      {"PASSWORD_HASH_METHOD": factories.FAST_HASH, **LIMITS}.items())
#: Registrations posted at once: THREADS clerks' browsers, half on each server, ROUNDS each.
THREADS, ROUNDS = 6, 3
LOGIN_REFUSED = "用户名或密码错误，或账户已被锁定。"

pytestmark = [
    pytest.mark.committing,
    pytest.mark.skipif(not PG_URL, reason="WAGEWATCH_TEST_DATABASE_URL is not set: the two-server "
                       "test needs one PostgreSQL database shared by every server"),
    pytest.mark.skipif(not TEST_REDIS_URL, reason="WAGEWATCH_TEST_REDIS_URL is not set: the "
                       "two-server test needs the Redis job queue shared by servers and worker"),
]


@dataclass
class Site:
    """The running deployment and what was put in its database."""

    a: Process
    b: Process
    worker: Process
    township_id: int
    employer_id: int
    employer_name: str
    employer_uscc: str
    api_token: str

    def logs(self) -> str:
        return "\n".join(p.log_tail() for p in (self.a, self.b, self.worker))


def _database_url() -> str:
    """A database of its own beside the test database, created empty (dropped at the end)."""
    assert PG_URL
    base = make_url(normalise_database_url(PG_URL))
    url = base.set(database=f"{base.database}_servers")
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{url.database}"'))
    admin.dispose()
    return url.render_as_string(hide_password=False)


def _drop_database(url: str) -> None:
    target = make_url(url)
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
    admin.dispose()


def _seed(env: dict[str, str]) -> dict:
    """The first office and administrator (as `flask setup` makes them, without a process of its
    own), two clerks, the complaints' employer and an API client, written through the models."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": env["DATABASE_URL"], "WAGEWATCH_ENV": "testing",
                      "SECRET_KEY": env["SECRET_KEY"], "PASSWORD_HASH_METHOD": factories.FAST_HASH,
                      "EXPORT_FOLDER": env["EXPORT_FOLDER"],
                      "ATTACHMENT_FOLDER": env["ATTACHMENT_FOLDER"]}, instance_path=INSTANCE)
    with app.app_context():
        ensure_initial_setup()
        for username, name in (("clerk-wang", "王晓燕"), ("clerk-li", "李建国")):
            factories.make_user(role=Role.CLERK, username=username, display_name=name)
        employer = make_employer()
        admin = db.session.scalar(db.select(User).where(User.username == "admin"))
        _, token = api_clients.issue_client(office=factories.default_office(), name="市人社局数据平台",
                                            scopes=["flags"], actor=admin)
        township = db.session.scalar(db.select(Township).where(
            Township.office_id == employer.office_id).order_by(Township.sort_order))
        seeded = {"township_id": township.id, "employer_id": employer.id,
                  "employer_name": employer.name, "employer_uscc": employer.uscc,
                  "api_token": token}
        db.session.remove()
        db.engine.dispose()
    return seeded


@pytest.fixture
def site(tmp_path: Path):
    """Migrate a new database as `make setup` does, start servers A and B (two gunicorn workers
    each) and one job worker while this process seeds the database; every host has its own
    instance folder holding the same config.py, all with the same SECRET_KEY, database, Redis and
    shared folder."""
    assert TEST_REDIS_URL
    redis_url = _own_database(TEST_REDIS_URL)
    redis = Redis.from_url(redis_url)
    redis.flushdb()
    shared = tmp_path / "shared"  # the NFS mount of a real deployment
    logs = tmp_path / "logs"
    logs.mkdir()
    database_url = _database_url()
    env = {**os.environ, "DATABASE_URL": database_url,
           "SECRET_KEY": secrets.token_urlsafe(48), "WAGEWATCH_ENV": "production",
           "REDIS_URL": redis_url, "EXPORT_FOLDER": str(shared / "exports"),
           "ATTACHMENT_FOLDER": str(shared / "attachments"),
           "PROXY_FIX_HOPS": "1", "SESSION_COOKIE_SECURE": "0"}  # plain http on the loopback
    instances = {}
    for host in ("a", "b", "worker"):
        instances[host] = tmp_path / f"host-{host}" / "instance"
        instances[host].mkdir(parents=True)
        (instances[host] / "config.py").write_text(HOST_CONFIG)
    processes: list[Process] = []
    try:
        flask(instances["a"], env, "db", "upgrade")
        # The servers and the worker load the app while this process seeds the database.
        for name in ("a", "b"):
            processes.append(start_server(name, instances[name], env, logs))
        processes.append(start_worker("worker", instances["worker"], env, logs))
        seeded = _seed(env)
        for server in processes[:2]:
            wait_until_ready(server)
        yield Site(processes[0], processes[1], processes[2], **seeded)
    finally:
        stop_all(processes)
        redis.flushdb()
        redis.close()
        _drop_database(database_url)


def _sign_in(browser: Browser, server: Process, username: str) -> Answer:
    token = browser.get(server, "/auth/login").csrf_token()
    return browser.post(server, "/auth/login", {"csrf_token": token, "username": username,
                                                "password": factories.PASSWORD})


def _signed_in(server: Process, username: str) -> Browser:
    browser = Browser()
    answer = _sign_in(browser, server, username)
    assert answer.status == 302 and answer.location == "/", answer
    return browser


def _complaint(site: Site, token: str, k: int) -> dict[str, str]:
    """The new-case form as a clerk fills it (the employer's earlier cases already seen)."""
    data = {"csrf_token": token, "submission_token": secrets.token_urlsafe(16),
            "received_on": "2026-11-02", "channel": "window", "township_id": str(site.township_id),
            "employer": site.employer_name, "screened_employer": str(site.employer_id),
            "project_id": "0", "sector": "construction", "summary": f"拖欠工资（第{k}份投诉）"}
    for i, (name, seq) in enumerate([("张伟", "101"), ("王芳", "102")]):
        data.update({f"workers-{i}-name": name, f"workers-{i}-id_number": valid_id_number(seq=seq),
                     f"workers-{i}-phone": f"1391234000{i}", f"workers-{i}-months_owed": "3",
                     f"workers-{i}-claimed_yuan": "9000.00"})
    return data


def _case_number(browser: Browser, server: Process, case_path: str) -> str:
    page = browser.get(server, case_path)
    assert page.status == 200, page
    match = re.search(r"<title>(.+?) - 欠薪监察</title>", page.text)
    assert match, page.page_text()[:300]
    return match.group(1)


def _sequence(number: str) -> tuple[int, int]:
    match = re.search(r"〔(\d{4})〕(\d+)号", number)
    assert match, number
    return int(match.group(1)), int(match.group(2))


def _register_at_once(site: Site) -> list[str]:
    """THREADS clerks' browsers, signed in on alternate servers, post ROUNDS complaints each at
    the same moment, every browser switching server between posts; the numbers the case pages
    show."""
    browsers = [_signed_in((site.a, site.b)[i % 2], ("clerk-wang", "clerk-li")[i % 2])
                for i in range(THREADS)]
    tokens = [b.get(site.a, "/cases/new").csrf_token() for b in browsers]
    start = threading.Barrier(THREADS)
    answers: list[list[object]] = [[] for _ in range(THREADS)]

    def post(i: int) -> None:
        try:
            start.wait(timeout=PATIENCE)
            for k in range(ROUNDS):
                server = (site.a, site.b)[(i + k) % 2]
                answers[i].append(browsers[i].post(server, "/cases/new",
                                                   _complaint(site, tokens[i], i * ROUNDS + k)))
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            answers[i].append(repr(error))

    threads = [threading.Thread(target=post, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=PATIENCE * 2)
    flat = [a for per_thread in answers for a in per_thread]
    assert len(flat) == THREADS * ROUNDS and all(
        isinstance(a, Answer) and a.status == 302 and a.location.startswith("/cases/")
        for a in flat), flat
    pages = [a for a in flat if isinstance(a, Answer)]
    return [_case_number(browsers[0], (site.b, site.a)[n % 2], a.location)
            for n, a in enumerate(pages)]


def _export_on_a_downloaded_through_b(site: Site, clerk: Browser) -> list[str]:
    """Start the registry export on A, follow it on B until the worker is done, download it
    through B; the case numbers in the workbook."""
    token = clerk.get(site.a, "/exports/registry").csrf_token()
    started = clerk.post(site.a, "/exports/registry", {"csrf_token": token})
    assert started.status == 303, started
    job_path = started.location
    deadline, status = time.monotonic() + PATIENCE, {}
    while time.monotonic() < deadline:
        status = clerk.get(site.b, f"{job_path}/status").json()
        if status["status"] in {"done", "failed"}:
            break
        time.sleep(0.1)
    assert status.get("status") == "done", f"{status}\n{site.logs()}"
    download = clerk.get(site.b, status["download_url"])
    assert download.status == 200 and download.body[:2] == b"PK", download.status
    sheet = openpyxl.load_workbook(io.BytesIO(download.body))["案件"]
    return [str(row[1]) for row in sheet.iter_rows(min_row=2, values_only=True)]


def _attachment_uploaded_on_a_is_downloaded_through_b(site: Site, clerk: Browser,
                                                      case_path: str) -> None:
    pdf = files.pdf(2)
    token = clerk.get(site.a, case_path).csrf_token()
    uploaded = clerk.post_file(site.a, f"{case_path}/attachments",
                               {"evidence-csrf_token": token, "evidence-kind": "other",
                                "evidence-link": "", "evidence-note": "工资表扫描件"},
                               "evidence-file", "工资表.pdf", pdf)
    assert uploaded.status == 302, uploaded
    page = clerk.get(site.b, case_path)
    link = re.search(r'href="(/attachments/\d+/download)"', page.text)
    assert link, "the attachment is not listed on server B's case page"
    download = clerk.get(site.b, link.group(1))
    assert download.status == 200 and download.body == pdf


def _lockout_counts_on_both_servers(site: Site) -> None:
    """Wrong passwords for one account, alternating servers, lock it on both."""
    guesser = Browser(forwarded_for="198.51.100.10")
    token = guesser.get(site.a, "/auth/login").csrf_token()
    for n in range(LIMITS["LOCKOUT_THRESHOLD"]):
        answer = guesser.post((site.a, site.b)[n % 2], "/auth/login",
                              {"csrf_token": token, "username": "clerk-li", "password": "wrong-1"})
        assert answer.status == 200 and LOGIN_REFUSED in answer.page_text(), answer
    for server, address in ((site.a, "198.51.100.11"), (site.b, "198.51.100.12")):
        answer = _sign_in(Browser(forwarded_for=address), server, "clerk-li")
        assert answer.status == 200 and LOGIN_REFUSED in answer.page_text(), answer


def _address_limit_counts_on_both_servers(site: Site) -> None:
    """Failed logins from one address, alternating servers, shut that address out on both;
    the same clerk still signs in from another address."""
    address = "203.0.113.45"
    guesser = Browser(forwarded_for=address)
    token = guesser.get(site.b, "/auth/login").csrf_token()
    for n in range(LIMITS["LOGIN_ADDRESS_FAILURE_LIMIT"]):
        answer = guesser.post((site.b, site.a)[n % 2], "/auth/login",
                              {"csrf_token": token, "username": f"guess-{n}", "password": "x"})
        assert answer.status == 200 and LOGIN_REFUSED in answer.page_text(), answer
    for server in (site.a, site.b):
        answer = _sign_in(Browser(forwarded_for=address), server, "clerk-wang")
        assert answer.status == 200 and LOGIN_REFUSED in answer.page_text(), answer
    assert _sign_in(Browser(forwarded_for="203.0.113.46"), site.b, "clerk-wang").status == 302


def _api_limit_counts_on_both_servers(site: Site) -> None:
    """The API client's calls per minute are counted together: the limit's worth of calls
    alternating servers are answered, the next one is refused by either server. A run that
    straddles a minute (two windows) is repeated in the next minute."""
    browser = Browser()
    path = f"/api/v1/contractors/{site.employer_uscc}/flags"
    headers = {"Authorization": f"Bearer {site.api_token}"}
    limit = LIMITS["API_RATE_LIMIT_PER_MINUTE"]
    for _ in range(3):
        minute = int(time.time() // 60)
        statuses = [browser.get((site.a, site.b)[n % 2], path, headers).status
                    for n in range(limit + 2)]
        if int(time.time() // 60) == minute:
            assert statuses == [200] * limit + [429, 429], statuses
            return
        time.sleep(60 - time.time() % 60 + 1)
    raise AssertionError("three runs of calls straddled a minute")


def test_two_servers_share_sessions_exports_case_numbers_and_limits(site: Site):
    # A clerk signs in on A; the same cookie is a signed-in session on B.
    clerk = _signed_in(site.a, "clerk-wang")
    home = clerk.get(site.b, "/")
    assert home.status == 200 and "王晓燕（监察员）" in home.page_text(), home
    assert Browser().get(site.b, "/").status == 302  # B lets nobody in without it

    numbers = _register_at_once(site)
    sequences = [_sequence(n) for n in numbers]
    assert len(set(numbers)) == THREADS * ROUNDS, numbers
    assert sorted(seq for _, seq in sequences) == list(range(1, THREADS * ROUNDS + 1)), numbers
    assert len({year for year, _ in sequences}) == 1

    exported = _export_on_a_downloaded_through_b(site, clerk)
    assert sorted(exported) == sorted(numbers)

    first_case = re.search(r'href="(/cases/\d+)"', clerk.get(site.a, "/cases/").text)
    assert first_case, "no case listed on server A"
    _attachment_uploaded_on_a_is_downloaded_through_b(site, clerk, first_case.group(1))

    # Signing out on B ends the session on A too: a copy of the old cookie no longer works.
    copied = Browser(cookies=dict(clerk.cookies))
    token = clerk.get(site.b, "/").csrf_token()
    assert clerk.post(site.b, "/auth/logout", {"csrf_token": token}).location == "/auth/login"
    assert copied.get(site.a, "/").status == 302

    _lockout_counts_on_both_servers(site)
    _address_limit_counts_on_both_servers(site)
    _api_limit_counts_on_both_servers(site)
