"""Keyword-only makers of test data, and a helper that posts forms with a valid CSRF token."""

from __future__ import annotations

import re
from functools import cache

from flask import Flask
from flask.testing import FlaskClient
from itsdangerous import URLSafeTimedSerializer
from werkzeug.security import generate_password_hash

from wagewatch.extensions import db
from wagewatch.models import Office, Role, Township, User

PASSWORD = "Wage-watch-2026"
FAST_HASH = "scrypt:1024:8:1"  # tests only; production uses scrypt N=2**17


@cache
def _password_hash(password: str) -> str:
    return generate_password_hash(password, method=FAST_HASH)


def make_office(*, code: str = "XZJK", name: str = "徐州经济技术开发区劳动保障监察大队",
                townships: tuple[str, ...] = ("金山桥街道", "东环街道")) -> Office:
    office = Office(code=code, name=name)
    db.session.add(office)
    for order, township in enumerate(townships, start=1):
        db.session.add(Township(office=office, name=township, sort_order=order * 10))
    db.session.commit()
    return office


def default_office() -> Office:
    office = db.session.scalar(db.select(Office).where(Office.code == "XZJK"))
    return office or make_office()


def make_user(*, role: Role = Role.CLERK, username: str | None = None, office: Office | None = None,
              password: str = PASSWORD, must_change_password: bool = False,
              active: bool = True, display_name: str | None = None) -> User:
    username = username or f"{role.value}1"
    user = User(
        username=username, display_name=display_name or f"测试{role.label}",
        role=role, office=office or default_office(), password_hash=_password_hash(password),
        must_change_password=must_change_password, active=active,
    )
    db.session.add(user)
    db.session.commit()
    return user


def csrf_token(app: Flask, client: FlaskClient) -> str:
    """A valid CSRF token for the client's current session, as a form would carry it."""
    with client.session_transaction() as session:
        raw = session.setdefault("csrf_token", "0123456789abcdef0123456789abcdef01234567")
    return URLSafeTimedSerializer(app.secret_key, salt="wtf-csrf-token").dumps(raw)


def post(app: Flask, client: FlaskClient, url: str, data: dict | None = None, **kwargs):
    """POST a form with a valid CSRF token (the browser would have it from the page)."""
    payload = dict(data or {})
    payload.setdefault("csrf_token", csrf_token(app, client))
    return client.post(url, data=payload, **kwargs)


def login(app: Flask, client: FlaskClient, username: str, password: str = PASSWORD):
    return post(app, client, "/auth/login", {"username": username, "password": password})


def text_of(response) -> str:
    """The response body as text with tags stripped and whitespace folded (what a user reads)."""
    html = response.get_data(as_text=True)
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
