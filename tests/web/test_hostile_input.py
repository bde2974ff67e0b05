"""Hostile text on every route: a NUL byte in every form field and query parameter never gives a 500.

The forms are found by walking ``app.url_map`` as every role and reading the pages' HTML, so a new
form or filter is covered without touching this test (security.md item 25).
"""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from werkzeug.test import TestResponse

from tests.factories import csrf_token, login, make_user
from tests.web.test_permissions import (
    MATRIX, PUBLIC, _routes, _samples, _url_for_rule, without_conversion,
)
from wagewatch.models import Role

pytestmark = pytest.mark.committing

NUL = "\x00"


class _Forms(HTMLParser):
    """The forms of a page: action, method and (name, value) of every named field."""

    def __init__(self, page_url: str) -> None:
        super().__init__()
        self.page_url = page_url
        self.forms: list[dict] = []
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attributes.get("action") or self.page_url,
                               "method": (attributes.get("method") or "get").lower(),
                               "fields": {}})
            return
        if not self.forms:
            return
        fields = self.forms[-1]["fields"]
        name = attributes.get("name")
        if tag in ("input", "textarea") and name:
            fields.setdefault(name, attributes.get("value") or "")
        elif tag == "select" and name:
            self._select = name
            fields.setdefault(name, "")
        elif tag == "option" and self._select and not fields[self._select]:
            fields[self._select] = attributes.get("value") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None


def _forms_of(response, url: str) -> list[dict]:
    if "text/html" not in response.content_type:
        return []
    parser = _Forms(url)
    parser.feed(response.get_data(as_text=True))
    return parser.forms


def _poisoned(fields: dict) -> dict:
    """Every field keeps its value with a NUL appended (the CSRF token stays valid)."""
    return {name: value if name.endswith("csrf_token") else f"{value}{NUL}" for name, value in fields.items()}


def _reachable(role, endpoint: str) -> bool:
    allowed = MATRIX[endpoint]
    if isinstance(allowed, str):
        return allowed == PUBLIC      # not TOKEN: the JSON API takes no login session
    return role is not None and role in allowed


@pytest.mark.parametrize("role", [None, *Role], ids=lambda r: r.value if r else "anonymous")
def test_a_nul_byte_in_any_field_or_query_parameter_never_gives_a_500(app, role,
                                                                      monkeypatch) -> None:
    without_conversion(monkeypatch)
    samples = _samples()
    client = app.test_client()
    if role is not None:
        make_user(role=role, username=f"nul-{role.value}")
        assert login(app, client, f"nul-{role.value}").status_code == 302
    failures: list[str] = []
    seen_names: set[str] = set()

    def check(method: str, url: str, **kwargs) -> TestResponse | None:
        try:
            response = client.open(url, method=method, **kwargs)
        except Exception as error:  # noqa: BLE001 - an escaped exception is a 500 too
            failures.append(f"{method} {url} {kwargs}: {type(error).__name__}: {str(error).splitlines()[0]}")
            return None
        if response.status_code >= 500:
            failures.append(f"{method} {url} {kwargs}: {response.status_code}")
        return response

    # Posting the login form again or logging out would end the role's session mid-walk
    # (the anonymous walk posts the login form).
    session_ending = {"/auth/logout", *(("/auth/login",) if role is not None else ())}
    rules = [r for r in _routes(app) if r.endpoint != "auth.logout" and _reachable(role, r.endpoint)]
    post_rules = []
    for rule in rules:
        url = _url_for_rule(rule, samples)
        if "POST" in rule.methods and "GET" not in rule.methods:
            post_rules.append(url)
            continue
        response = check("GET", url)
        if response is None or response.status_code >= 400:
            continue
        for form in _forms_of(response, url):
            action = urlsplit(form["action"])
            if action.path in session_ending:
                continue
            seen_names.update(form["fields"])
            if form["method"] == "get":
                query = {**dict.fromkeys(form["fields"], NUL), "page": NUL}
                check("GET", action.path, query_string=query)
            else:
                fields = {**form["fields"], "csrf_token": csrf_token(app, client)}
                check("POST", form["action"], data=_poisoned(fields))
        check("GET", url, query_string={"q": NUL, "page": NUL, "on": NUL})
    token = csrf_token(app, client)
    for url in post_rules:  # routes without a page of their own: every field name seen anywhere
        check("POST", url, data={**dict.fromkeys(seen_names, NUL), "csrf_token": token})
    assert not failures, f"{role}: {len(failures)} answers of 500:\n" + "\n".join(failures)


HOSTILE_PAGES = ["99999999999999999999999", "1000000", "-3", "0", "abc", "1e400", "９"]


@pytest.mark.parametrize("role", [*Role], ids=lambda r: r.value)
def test_a_page_number_past_the_end_or_beyond_an_integer_never_gives_a_500(app, role):
    client = app.test_client()
    make_user(role=role, username=f"pages-{role.value}")
    assert login(app, client, f"pages-{role.value}").status_code == 302
    lists = [r.rule for r in _routes(app) if "GET" in r.methods and not r.arguments
             and r.endpoint != "auth.logout" and _reachable(role, r.endpoint)]
    failures = []
    for url in lists:
        for page in HOSTILE_PAGES:
            response = client.get(url, query_string={"page": page, "ppage": page})
            if response.status_code >= 500:
                failures.append(f"{url}?page={page}: {response.status_code}")
    assert not failures, "\n".join(failures)


def test_a_page_past_the_end_answers_the_last_page(app, client, login_as):
    from tests.factories import make_contractor, text_of

    login_as(Role.CLERK)
    for i in range(53):
        make_contractor(name=f"徐州第{i:02d}建设有限公司")
    for page in ("3", "99", "99999999999999999999999"):
        shown = text_of(client.get("/contractors/", query_string={"page": page, "sort": "name"}))
        assert "第 2 / 2 页" in shown and "徐州第52建设有限公司" in shown, page
    assert "第 1 / 2 页" in text_of(client.get("/contractors/", query_string={"page": "-3"}))
