"""The second factor: who must use it, the half-signed session, enrolment, codes, reset."""

import re

import pyotp
import pytest

from wagewatch.extensions import db
from wagewatch.models import AuditEvent, Office, RecoveryCode, Role, SecondFactor, User, UserSession
from wagewatch.services.accounts.second_factor import WRONG_CODE

from tests.factories import (
    PASSWORD, login, make_user, pending_second_factor_code, post, second_factor_code, text_of,
)
from tests.web.test_permissions import MATRIX, PUBLIC, TOKEN, _routes, _samples, _url_for_rule


def password_step(app, client, username, password=PASSWORD):
    return post(app, client, "/auth/login", {"username": username, "password": password})


def actions():
    return [e.action for e in db.session.scalars(db.select(AuditEvent).order_by(AuditEvent.id))]


def factor(username):
    return db.session.scalar(
        db.select(SecondFactor).join(User, User.id == SecondFactor.user_id)
        .where(User.username == username).execution_options(populate_existing=True))


@pytest.mark.parametrize("role", [Role.ADMIN, Role.POLICE, Role.LEADER], ids=lambda r: r.value)
def test_a_password_alone_reaches_no_page_of_a_privileged_role(app, client, role):
    samples = _samples()
    make_user(role=role, username="half")
    response = password_step(app, client, "half")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/second-factor")
    step_endpoints = {"auth.second_factor_step", "auth.logout"}
    problems = []
    for rule in _routes(app):
        if MATRIX[rule.endpoint] in (PUBLIC, TOKEN) or rule.endpoint in step_endpoints:
            continue
        url = _url_for_rule(rule, samples)
        response = client.get(url) if "GET" in rule.methods else post(app, client, url)
        location = response.headers.get("Location", "")
        if not (response.status_code == 302 and location.startswith("/auth/second-factor")):
            problems.append(f"{rule.endpoint}: {response.status_code} {location}")
    assert not problems, problems
    # The step itself, then the pages open.
    response = post(app, client, "/auth/second-factor", {"code": second_factor_code("half")})
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert client.get("/").status_code == 200
    assert "second_factor.success" in actions()


def test_a_clerk_needs_no_second_factor_until_the_office_requires_it(app, client, login_as):
    admin_client = app.test_client()
    make_user(role=Role.ADMIN, username="boss")
    assert login(app, admin_client, "boss").status_code == 302
    make_user(role=Role.CLERK, username="clerk")
    assert password_step(app, client, "clerk").headers["Location"] == "/"
    assert client.get("/").status_code == 200
    office = db.session.scalar(db.select(Office))
    response = post(app, admin_client, f"/admin/reference/offices/{office.id}/edit",
                    {"code": office.code, "name": office.name, "require_second_factor": "y"})
    assert response.status_code == 302
    db.session.refresh(office)
    assert office.require_second_factor
    update = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "office.update"))
    assert update.changes["require_second_factor"] == [False, True]
    # The clerk's open session is now half signed: it must enrol before anything else.
    response = client.get("/cases/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/auth/enrol")


def test_enrolment_at_first_login_after_the_password_change(app, client):
    make_user(role=Role.POLICE, username="newpolice", must_change_password=True,
              second_factor=False)
    response = password_step(app, client, "newpolice")
    assert response.headers["Location"] == "/"
    assert client.get("/").headers["Location"].startswith("/auth/password")
    assert client.get("/auth/enrol").headers["Location"].startswith("/auth/password")
    response = post(app, client, "/auth/password", {
        "current_password": PASSWORD, "new_password": "Brand-new-2026",
        "confirm_password": "Brand-new-2026"})
    assert client.get("/police/").headers["Location"].startswith("/auth/enrol")
    page = client.get("/auth/enrol")
    assert page.status_code == 200 and 'src="/auth/enrol/qr.svg"' in page.get_data(as_text=True)
    image = client.get("/auth/enrol/qr.svg")
    assert image.status_code == 200 and image.mimetype == "image/svg+xml"
    assert b"<svg" in image.data
    secret = factor("newpolice").secret
    assert secret in text_of(page)  # for typing in by hand, while pending only
    wrong = post(app, client, "/auth/enrol", {"code": "000000" if pyotp.TOTP(secret).now()
                                               != "000000" else "111111"})
    assert wrong.status_code == 200 and WRONG_CODE in text_of(wrong)
    done = post(app, client, "/auth/enrol", {"code": pending_second_factor_code("newpolice")})
    codes = re.findall(r"[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}", text_of(done))
    assert done.status_code == 200 and len(set(codes)) == 10
    assert client.get("/police/").status_code == 200
    # Never shown again: the QR code, the secret and the codes are gone from every page.
    assert client.get("/auth/enrol/qr.svg").status_code == 404
    assert client.get("/auth/enrol").status_code == 302
    stored = db.session.scalars(db.select(RecoveryCode.code_hash)).all()
    assert len(stored) == 10 and not {c.replace("-", "") for c in codes} & set(stored)
    assert "second_factor.enrol" in actions()


def test_a_code_is_accepted_once(app):
    make_user(role=Role.LEADER, username="leader")
    first, second = app.test_client(), app.test_client()
    password_step(app, first, "leader")
    password_step(app, second, "leader")
    code = second_factor_code("leader")
    assert post(app, first, "/auth/second-factor", {"code": code}).status_code == 302
    replay = post(app, second, "/auth/second-factor", {"code": code})
    assert replay.status_code == 200 and WRONG_CODE in text_of(replay)
    assert second.get("/").headers["Location"].startswith("/auth/second-factor")


def test_five_wrong_codes_lock_the_account_and_end_the_session(app, client):
    user = make_user(role=Role.ADMIN, username="admin")
    password_step(app, client, "admin")
    right = second_factor_code("admin")
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    for _ in range(4):
        assert WRONG_CODE in text_of(post(app, client, "/auth/second-factor", {"code": wrong}))
    locked = post(app, client, "/auth/second-factor", {"code": wrong})
    assert locked.status_code == 302 and "/auth/login" in locked.headers["Location"]
    db.session.refresh(user)
    assert user.locked_until is not None
    assert db.session.scalar(db.select(UserSession).where(UserSession.ended_at.is_(None))) is None
    assert "account.locked" in actions()
    # Locked: even the right password and a right code do not sign in.
    assert login(app, app.test_client(), "admin").status_code == 200


def test_a_recovery_code_works_once(app, client):
    make_user(role=Role.POLICE, username="police", second_factor=False)
    password_step(app, client, "police")
    client.get("/auth/enrol")
    done = post(app, client, "/auth/enrol", {"code": pending_second_factor_code("police")})
    codes = re.findall(r"[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}", text_of(done))
    post(app, client, "/auth/logout", {})
    again = app.test_client()
    password_step(app, again, "police")
    response = post(app, again, "/auth/second-factor", {"code": codes[0].upper()})
    assert response.status_code == 302 and again.get("/police/").status_code == 200
    third = app.test_client()
    password_step(app, third, "police")
    reused = post(app, third, "/auth/second-factor", {"code": codes[0]})
    assert reused.status_code == 200 and WRONG_CODE in text_of(reused)
    assert "恢复码（剩余9个）" in [e.detail for e in db.session.scalars(db.select(AuditEvent))]


def test_an_administrator_resets_a_factor_and_it_is_audited(app, client, login_as):
    police = make_user(role=Role.POLICE, username="police")
    police_client = app.test_client()
    assert login(app, police_client, "police").status_code == 302
    login_as(Role.ADMIN)
    response = post(app, client, f"/admin/users/{police.id}/reset-second-factor", {})
    assert response.status_code == 302
    assert factor("police") is None
    assert police_client.get("/police/").status_code == 302  # the session ended
    event = db.session.scalar(db.select(AuditEvent)
                              .where(AuditEvent.action == "user.reset_second_factor"))
    assert event.object_id == str(police.id) and event.actor_role == "admin"
    response = password_step(app, app.test_client(), "police")
    assert response.headers["Location"].startswith("/auth/enrol")


def _every_stored_text():
    """Every string value in every table of the database, as stored."""
    from sqlalchemy import String, Text

    values = []
    for table in db.metadata.sorted_tables:
        columns = [c for c in table.columns if isinstance(c.type, (String, Text))]
        if columns:
            for row in db.session.execute(db.select(*columns)):
                values.extend(str(v) for v in row if v is not None)
    return values


def test_recovery_codes_are_stored_only_as_salted_slow_hashes_and_work_once(app, client):
    """No table holds a recovery code in any spelling; the stored value is neither the code nor
    its bare SHA-256 (codes of ~59 bits need a salted password hash, ASVS 5.0 6.5.2)."""
    import hashlib

    make_user(role=Role.LEADER, username="leader", second_factor=False)
    password_step(app, client, "leader")
    client.get("/auth/enrol")
    done = post(app, client, "/auth/enrol", {"code": pending_second_factor_code("leader")})
    codes = re.findall(r"[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}", text_of(done))
    assert len(set(codes)) == 10
    spellings = {s for c in codes for s in (c, c.upper(), c.replace("-", ""),
                                             c.replace("-", "").upper())}
    stored = _every_stored_text()
    assert not [v for v in stored if any(s in v for s in spellings)]
    hashes = set(db.session.scalars(db.select(RecoveryCode.code_hash)))
    assert len(hashes) == 10
    assert not hashes & {hashlib.sha256(c.replace("-", "").encode()).hexdigest() for c in codes}
    # Each code signs in once; the same code again is refused and counted as a wrong code.
    post(app, client, "/auth/logout", {})
    for attempt, expected in ((1, 302), (2, 200)):
        browser = app.test_client()
        password_step(app, browser, "leader")
        answer = post(app, browser, "/auth/second-factor", {"code": codes[3]})
        assert answer.status_code == expected, attempt
    assert db.session.scalar(db.select(db.func.count(RecoveryCode.id))
                             .where(RecoveryCode.used_at.is_not(None))) == 1


def test_a_recovery_code_stored_as_a_bare_sha256_is_refused(app):
    """Migration 0023 wraps every stored hash; a bare SHA-256 left anywhere opens nothing (the
    wrapped form signing in once is tested in tests/test_migrations.py)."""
    import hashlib

    make_user(role=Role.LEADER, username="leader")
    user = db.session.scalar(db.select(User).where(User.username == "leader"))
    db.session.add(RecoveryCode(user_id=user.id,
                                code_hash=hashlib.sha256(b"abcd2345efgh").hexdigest()))
    db.session.commit()
    browser = app.test_client()
    password_step(app, browser, "leader")
    answer = post(app, browser, "/auth/second-factor", {"code": "ABCD-2345-EFGH"})
    assert answer.status_code == 200 and WRONG_CODE in text_of(answer)
    assert db.session.scalar(db.select(RecoveryCode.used_at)) is None
