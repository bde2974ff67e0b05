"""No remember-me cookie, and logins leave no password or session id in the logs."""

from __future__ import annotations

import logging

from wagewatch.models import Role

from tests.factories import PASSWORD, login, make_user, post


def test_login_sets_no_remember_me_cookie_and_logs_no_secret(app, client, caplog):
    caplog.set_level(logging.DEBUG)
    user = make_user(role=Role.CLERK, username="clerk-traces")
    wrong = post(app, client, "/auth/login", {"username": user.username,
                                              "password": "Wrong-pass-1234"})
    assert wrong.status_code == 200
    response = login(app, client, user.username)
    assert response.status_code == 302
    cookies = " ".join(response.headers.getlist("Set-Cookie"))
    assert "remember_token" not in cookies
    session_cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    assert session_cookie is not None and session_cookie.value
    assert client.get("/").status_code == 200
    assert PASSWORD not in caplog.text and "Wrong-pass-1234" not in caplog.text
    assert session_cookie.value not in caplog.text
