"""Error pages in Chinese with an incident id, and the security headers on every response."""

import re

import pytest
from werkzeug.exceptions import Forbidden, MethodNotAllowed, NotFound, RequestEntityTooLarge, TooManyRequests

from wagewatch.models import Role

from tests.factories import text_of

ERRORS = {400: "请求无效", 403: "无权访问", 404: "页面不存在", 405: "请求方式不允许",
          413: "文件过大", 429: "请求过于频繁", 500: "系统错误"}


@pytest.mark.fresh_app
@pytest.mark.parametrize("status", sorted(ERRORS))
def test_each_error_page_is_chinese_with_an_incident_id_and_no_traceback(app, client, status):
    exceptions = {403: Forbidden, 404: NotFound, 413: RequestEntityTooLarge, 429: TooManyRequests}

    def fail():
        if status == 500:
            raise ZeroDivisionError("boom")
        if status == 400:
            from werkzeug.exceptions import BadRequest
            raise BadRequest()
        if status == 405:
            raise MethodNotAllowed(["GET"])
        raise exceptions[status]()

    app.add_url_rule(f"/__fail/{status}", f"fail_{status}", fail)
    app.view_functions[f"fail_{status}"].is_public = True
    response = client.get(f"/__fail/{status}")
    body = text_of(response)
    assert response.status_code == status
    assert ERRORS[status] in body
    assert "事件编号" in body
    assert "Traceback" not in body and "ZeroDivisionError" not in body


def test_unknown_page_is_a_chinese_404(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404 and "页面不存在" in text_of(response)


def test_wrong_method_is_a_chinese_405(client):
    response = client.get("/auth/logout")
    assert response.status_code == 405 and "请求方式不允许" in text_of(response)


def test_oversized_request_is_a_chinese_413(client):
    response = client.post("/auth/login", data={"username": "x" * (6 * 1024 * 1024)})
    assert response.status_code == 413 and "文件过大" in text_of(response)


def test_security_headers_are_on_every_page(client, login_as):
    login_as(Role.CLERK)
    for url in ("/", "/auth/password", "/no-such-page"):
        headers = client.get(url).headers
        csp = headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
        assert "unsafe-inline" not in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"
        assert headers["Cache-Control"] == "no-store"


def test_pages_have_no_inline_scripts_and_no_cdn(client):
    html = client.get("/auth/login").get_data(as_text=True)
    import re

    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S)
    assert scripts and all('src="/' in attrs and not body.strip() for attrs, body in scripts)
    assert "cdn" not in html.lower() and "https://" not in html


def test_bootstrap_is_served_by_the_app(client):
    html = client.get("/auth/login").get_data(as_text=True)
    import re

    css = re.search(r'href="(/bootstrap/static/[^"]+\.css(?:\?v=\w+)?)"', html)[1]
    response = client.get(css)
    assert response.status_code == 200 and b".btn" in response.data


@pytest.mark.fresh_app
def test_a_500_logs_no_id_number_from_the_query_the_form_or_the_sql(app, client, caplog):
    """A failing search with a full ID number: the log has the incident, not the number."""
    import logging

    from flask import request
    from sqlalchemy import text

    from wagewatch.extensions import db

    id_number = "320302198001011239"

    def failing_search():
        db.session.execute(text("SELECT id FROM no_such_table WHERE id_number = :value"),
                           {"value": request.values["id_number"]})

    app.add_url_rule("/__search", "failing_search", failing_search, methods=["GET", "POST"])
    app.view_functions["failing_search"].is_public = True
    caplog.set_level(logging.DEBUG)
    from tests.factories import post

    for response in (client.get(f"/__search?id_number={id_number}"),
                     post(app, client, "/__search", {"id_number": id_number})):
        assert response.status_code == 500
        incident = re.search(r'id="incident">(\w+)<', response.get_data(as_text=True)).group(1)
        assert incident in caplog.text
    assert "ProgrammingError" in caplog.text or "OperationalError" in caplog.text
    assert "failing_search" in caplog.text
    assert id_number not in caplog.text
    assert "3203**********1239" not in caplog.text  # the parameter is not there even masked


def test_no_template_carries_inline_styles_or_scripts_the_policy_would_block():
    """The CSP has no 'unsafe-inline': an inline style, <style>, <script> body or on* handler
    would be dropped by the browser (the stale-record page lost its line breaks that way)."""
    import re
    from pathlib import Path

    import wagewatch

    blocked = re.compile(r"""\sstyle\s*=|<style|\son[a-z]+\s*=|javascript:|<script(?![^>]*\ssrc=)""",
                         re.I)
    root = Path(wagewatch.__file__).parent / "templates"
    found = [f"{path.relative_to(root)}:{number}"
             for path in sorted(root.rglob("*.html"))
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if blocked.search(line)]
    assert found == []
