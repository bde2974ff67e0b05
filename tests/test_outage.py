"""A database outage: a standalone Chinese 503 page, /healthz says so, and the app recovers alone."""

from __future__ import annotations

import contextlib

import pytest
from sqlalchemy import event

from wagewatch.extensions import db
from wagewatch.models import Role

from tests.factories import post, post_new, text_of

pytestmark = pytest.mark.committing


@contextlib.contextmanager
def database_down(app):
    """Every new connection fails as when the server is stopped; pooled ones are dropped."""
    engine = db.engine
    unreachable = engine.dialect.loaded_dbapi.OperationalError

    def refuse(dialect, connection_record, cargs, cparams):
        raise unreachable("connection refused: the database server is not running")

    db.session.remove()
    engine.dispose()
    event.listen(engine, "do_connect", refuse)
    try:
        yield
    finally:
        event.remove(engine, "do_connect", refuse)


def test_healthz_reports_the_database_without_personal_data(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"database": "ok"}
    assert response.headers["Cache-Control"] == "no-store"


def test_outage_gives_a_chinese_503_page_and_the_app_recovers_by_itself(app, client, login_as):
    login_as(Role.CLERK)
    assert client.get("/").status_code == 200
    with database_down(app):
        health = client.get("/healthz")
        assert health.status_code == 503
        assert health.get_json() == {"database": "unavailable"}
        page = client.get("/")
        body = text_of(page)
        assert page.status_code == 503
        assert "服务暂时不可用" in body and "事件编号" in body
        assert "Traceback" not in body and "OperationalError" not in body
        assert page.headers["Retry-After"] == "30"
        # An unknown page and an anonymous login both still answer in Chinese, not a blank 500.
        assert client.get("/no-such-page").status_code in (404, 503)
        anonymous = app.test_client()
        login = post(app, anonymous, "/auth/login", {"username": "clerk", "password": "secret-pw"})
        assert login.status_code == 503 and "服务暂时不可用" in text_of(login)
        assert "secret-pw" not in login.get_data(as_text=True)
    assert client.get("/healthz").get_json() == {"database": "ok"}
    assert client.get("/").status_code == 200  # the same session, no restart


def test_outage_keeps_what_was_typed(app, client, login_as):
    login_as(Role.CLERK)
    with database_down(app):
        response = post_new(app, client, "/cases/new", {"employer_name": "徐州某建设有限公司"})
    assert response.status_code == 503
    assert "徐州某建设有限公司" in text_of(response) and "submission_token" not in text_of(response)


def test_the_api_answers_json_during_an_outage(app, client):
    with database_down(app):
        response = client.get("/api/v1/blacklist", headers={"Authorization": "Bearer x"})
    assert response.status_code == 503
    assert response.get_json()["error"] == 503


@pytest.mark.parametrize("forwarded, expected", [("https", True), ("http", False)])
def test_hsts_is_sent_over_https_behind_a_trusted_proxy(database_url, forwarded, expected):
    from tests.conftest import INSTANCE, app_config
    from wagewatch import create_app

    application = create_app({**app_config(database_url), "PROXY_FIX_HOPS": 1},
                             instance_path=INSTANCE)
    response = application.test_client().get(
        "/auth/login", headers={"X-Forwarded-Proto": forwarded, "X-Forwarded-For": "10.0.0.9"})
    hsts = response.headers.get("Strict-Transport-Security")
    if expected:
        assert hsts == "max-age=31536000; includeSubDomains"
    else:
        assert hsts is None


def test_hsts_is_sent_when_the_app_itself_serves_https(client):
    assert "Strict-Transport-Security" in client.get("/auth/login", base_url="https://localhost").headers
    assert "Strict-Transport-Security" not in client.get("/auth/login").headers


def test_hsts_can_be_turned_off(app, client):
    app.config["HSTS_SECONDS"] = 0
    assert "Strict-Transport-Security" not in client.get(
        "/auth/login", base_url="https://localhost").headers
