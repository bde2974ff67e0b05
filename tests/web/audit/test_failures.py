"""Every failure leaves its own audit entry, marked unsuccessful (security.md items 4 and 16):
login failures, locks, a throttled address, wrong second-factor codes, a wrong current password,
refused roles and other offices' records, CSRF failures, hostile queries, refused and oversized
uploads, and refused API tokens. Each entry is committed on its own, so the refusal's rollback
does not take it away."""

from __future__ import annotations

import io

import pytest

from wagewatch.extensions import db
from wagewatch.models import AuditEvent, Office, Role
from wagewatch.services.accounts import api_clients

from tests.factories import (
    PASSWORD, login, make_office, make_user, post, second_factor_code, text_of,
)
from tests.web.cases.factories import register
from tests.web.evidence import files
from tests.web.evidence.files import upload


def _unknown_user(app, client):
    login(app, client, "nobody", "Whatever-123")
    return "login.failure", None


def _wrong_password(app, client):
    user = make_user(username="zhao")
    login(app, client, "zhao", "Wrong-pass-1")
    return "login.failure", user


def _fifth_failure_locks(app, client):
    user = make_user(username="zhao")
    for _ in range(5):
        login(app, client, "zhao", "Wrong-pass-1")
    return "account.locked", user


def _attempt_while_locked(app, client):
    user = make_user(username="zhao")
    for _ in range(5):
        login(app, client, "zhao", "Wrong-pass-1")
    login(app, client, "zhao")
    return "login.locked", user


def _throttled_address(app, client):
    app.config["LOGIN_ADDRESS_FAILURE_LIMIT"] = 2
    for name in ("a1", "b2", "c3"):
        login(app, client, name, "Whatever-123")
    return "login.throttled", None


def _wrong_second_factor_code(app, client):
    user = make_user(role=Role.ADMIN, username="admin")
    post(app, client, "/auth/login", {"username": "admin", "password": PASSWORD})
    right = second_factor_code("admin")
    post(app, client, "/auth/second-factor", {"code": f"{(int(right) + 1) % 1_000_000:06d}"})
    return "second_factor.failure", user


def _wrong_current_password(app, client):
    user = make_user(username="zhao")
    login(app, client, "zhao")
    post(app, client, "/auth/password", {"current_password": "Not-the-one-1",
                                         "new_password": "Brand-new-2026",
                                         "confirm_password": "Brand-new-2026"})
    return "password.change", user


def _role_refused(app, client):
    user = make_user(role=Role.CLERK, username="zhao")
    login(app, client, "zhao")
    assert client.get("/admin/users").status_code == 403
    return "access.denied", user


def _another_offices_record(app, client):
    case = register()
    other = make_office(code="TSQ", name="铜山区劳动保障监察大队", townships=("柳新镇",))
    user = make_user(username="outsider", office=other)
    login(app, client, "outsider")
    assert client.get(f"/cases/{case.id}").status_code == 404
    return "access.out_of_office", user


def _form_without_csrf_token(app, client):
    user = make_user(username="zhao")
    login(app, client, "zhao")
    assert client.post("/auth/logout").status_code == 400
    return "csrf.refused", user


def _login_without_csrf_token(app, client):
    response = client.post("/auth/login", data={"username": "zhao", "password": PASSWORD})
    assert response.status_code == 400
    return "csrf.refused", None


def _control_character_in_a_query(app, client):
    user = make_user(username="zhao")
    login(app, client, "zhao")
    assert client.get("/cases/?q=%00abc").status_code == 400
    return "request.control_characters", user


def _upload_over_the_limit(app, client):
    user = make_user(username="zhao")
    login(app, client, "zhao")
    response = post(app, client, "/cases/import/",
                    {"file": (io.BytesIO(b"PK\x03\x04" + b"0" * (6 * 1024 * 1024)), "c.xlsx")},
                    content_type="multipart/form-data")
    assert response.status_code == 413
    return "request.too_large", user


def _hostile_attachment(app, client):
    user = make_user(username="zhao")
    case = register()
    login(app, client, "zhao")
    upload(app, client, case.id, b"<!DOCTYPE html><html><script>alert(1)</script></html>",
           "照片.jpg")
    return "attachment.refused", user


def _not_a_workbook(app, client):
    user = make_user(username="zhao")
    login(app, client, "zhao")
    response = post(app, client, "/cases/import/",
                    {"file": (io.BytesIO(b"\x00\x01 not a spreadsheet"), "cases.xlsx")},
                    content_type="multipart/form-data")
    assert "不是真正的Excel工作簿" in text_of(response)
    return "import.cases", user


def _hostile_template(app, client):
    user = make_user(role=Role.ADMIN, username="admin")
    login(app, client, "admin")
    post(app, client, "/admin/instrument-templates/",
         {"kind": "payment_order", "file": (io.BytesIO(files.macro_docx()), "指令书.docx")},
         content_type="multipart/form-data")
    return "instrument_template.refused", user


def _unknown_api_token(app, client):
    response = client.get("/api/v1/referrals", headers={"Authorization": "Bearer not-a-token"})
    assert response.status_code == 401
    return "api.denied", None


def _api_scope_refused(app, client):
    admin = make_user(role=Role.ADMIN, username="admin-api")
    _, token = api_clients.issue_client(office=db.session.scalar(db.select(Office)),
                                        name="信用平台", scopes=["blacklist"], actor=admin)
    response = client.get("/api/v1/referrals", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 403
    return "api.denied", None


FAILURES = [_unknown_user, _wrong_password, _fifth_failure_locks, _attempt_while_locked,
            _throttled_address, _wrong_second_factor_code, _wrong_current_password,
            _role_refused, _another_offices_record, _form_without_csrf_token,
            _login_without_csrf_token, _control_character_in_a_query, _upload_over_the_limit,
            _hostile_attachment, _not_a_workbook, _hostile_template, _unknown_api_token,
            _api_scope_refused]


@pytest.mark.parametrize("failure", FAILURES, ids=lambda f: f.__name__.strip("_"))
def test_every_failure_is_audited_as_unsuccessful(app, client, failure):
    action, actor = failure(app, client)
    entries = db.session.scalars(db.select(AuditEvent).where(
        AuditEvent.action == action, AuditEvent.success.is_(False))).all()
    assert entries, f"no unsuccessful {action} entry"
    assert all(e.source_ip for e in entries)
    if actor is not None:
        assert actor.id in {e.actor_id for e in entries} | {
            int(e.object_id) for e in entries if e.object_type == "user"}
