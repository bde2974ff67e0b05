"""Login, lockout, logout, sessions and password change as a user meets them."""

from datetime import timedelta

import pytest

from wagewatch.extensions import db
from wagewatch.models import AuditEvent, Role, User, UserSession, utcnow
from wagewatch.services.accounts.authentication import GENERIC_LOGIN_FAILURE

from tests.factories import PASSWORD, login, make_user, post, text_of

pytestmark = pytest.mark.committing


def audit_actions():
    return [e.action for e in db.session.scalars(db.select(AuditEvent).order_by(AuditEvent.id))]


def test_login_page_is_in_chinese(client):
    response = client.get("/auth/login")
    assert response.status_code == 200
    assert "用户名" in text_of(response) and "密码" in text_of(response)


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]


def test_clerk_logs_in_and_sees_home(app, client):
    make_user(role=Role.CLERK, username="wangli", display_name="王丽")
    response = login(app, client, "WangLi ")  # usernames are case- and space-insensitive
    assert response.status_code == 302
    page = client.get("/")
    assert "您好，王丽" in text_of(page)
    assert "login.success" in audit_actions()


def test_unknown_user_wrong_password_and_locked_account_get_the_same_message(app, client):
    make_user(username="zhao")
    unknown = login(app, client, "nobody", "Whatever-123")
    wrong = login(app, client, "zhao", "Wrong-pass-1")
    for _ in range(4):
        login(app, client, "zhao", "Wrong-pass-1")
    locked = login(app, client, "zhao", PASSWORD)  # right password, but locked now
    for response in (unknown, wrong, locked):
        assert response.status_code == 200
        assert GENERIC_LOGIN_FAILURE in text_of(response)
    assert client.get("/").status_code == 302  # still not logged in


def test_five_failures_lock_the_account_for_30_minutes_and_are_audited(app, client):
    user = make_user(username="zhao")
    for _ in range(5):
        login(app, client, "zhao", "Wrong-pass-1")
    db.session.refresh(user)
    assert user.locked_until is not None
    remaining = user.locked_until - utcnow()
    assert timedelta(minutes=29) < remaining <= timedelta(minutes=30)
    actions = audit_actions()
    assert actions.count("login.failure") == 5
    assert "account.locked" in actions
    login(app, client, "zhao", PASSWORD)
    assert "login.locked" in audit_actions()


def test_the_lockout_count_lives_in_the_database_not_the_process(app, client):
    make_user(username="zhao")
    for _ in range(4):
        login(app, client, "zhao", "Wrong-pass-1")
    # A second worker process has its own app object and client, but the same database.
    from wagewatch import create_app

    other = create_app(dict(app.config), instance_path=app.instance_path)
    other_client = other.test_client()
    with other.app_context():
        login(other, other_client, "zhao", "Wrong-pass-1")
        locked_until = db.session.scalar(db.select(User.locked_until).where(User.username == "zhao"))
        db.engine.dispose()
    assert locked_until is not None


def test_a_lock_expires_after_its_time(app, client):
    user = make_user(username="zhao")
    user.locked_until = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert login(app, client, "zhao").status_code == 302


def test_a_success_resets_the_failure_count(app, client):
    user = make_user(username="zhao")
    for _ in range(4):
        login(app, client, "zhao", "Wrong-pass-1")
    login(app, client, "zhao")
    db.session.refresh(user)
    assert user.failed_login_count == 0 and user.locked_until is None


def test_disabled_user_cannot_log_in(app, client):
    make_user(username="zhao", active=False)
    response = login(app, client, "zhao")
    assert GENERIC_LOGIN_FAILURE in text_of(response)


def test_logout_is_a_post_and_a_replayed_cookie_is_refused(app, client, login_as):
    login_as(Role.CLERK)
    stolen = client.get_cookie("wagewatch_session").value
    assert client.get("/auth/logout").status_code == 405
    response = post(app, client, "/auth/logout")
    assert response.status_code == 302
    thief = app.test_client()
    thief.set_cookie("wagewatch_session", stolen)
    replay = thief.get("/")
    assert replay.status_code == 302 and "/auth/login" in replay.headers["Location"]
    assert "logout" in audit_actions()


def test_logout_without_csrf_token_is_refused(client, login_as):
    login_as(Role.CLERK)
    response = client.post("/auth/logout")
    assert response.status_code == 400
    assert client.get("/").status_code == 200  # still logged in


def test_session_ends_after_30_idle_minutes(app, client, login_as):
    login_as(Role.CLERK)
    session_row = db.session.scalars(db.select(UserSession)).one()
    session_row.last_seen_at = utcnow() - timedelta(minutes=31)
    db.session.commit()
    assert client.get("/").status_code == 302
    db.session.refresh(session_row)
    assert session_row.end_reason == "idle"


def test_session_ends_after_12_hours_even_when_busy(app, client, login_as):
    login_as(Role.CLERK)
    session_row = db.session.scalars(db.select(UserSession)).one()
    session_row.created_at = utcnow() - timedelta(hours=12, minutes=1)
    session_row.last_seen_at = utcnow()
    db.session.commit()
    assert client.get("/").status_code == 302
    db.session.refresh(session_row)
    assert session_row.end_reason == "absolute"


def test_login_renews_the_session(app, client):
    make_user(username="zhao")
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    login(app, client, "zhao")
    with client.session_transaction() as session:
        assert "planted" not in session


def test_first_login_forces_a_password_change(app, client):
    make_user(username="zhao", must_change_password=True)
    login(app, client, "zhao")
    response = client.get("/")
    assert response.status_code == 302 and response.headers["Location"].endswith("/auth/password")
    page = client.get("/auth/password")
    assert "一次性密码" in text_of(page)


def test_an_expired_password_forces_a_change(app, client):
    user = make_user(username="zhao")
    user.password_changed_at = utcnow() - timedelta(days=91)
    db.session.commit()
    login(app, client, "zhao")
    assert client.get("/").headers["Location"].endswith("/auth/password")


def test_password_change_needs_the_current_password_and_keeps_input(app, client, login_as):
    login_as(Role.CLERK)
    response = post(app, client, "/auth/password", {
        "current_password": "Wrong-pass-1", "new_password": "New-pass-2026",
        "confirm_password": "New-pass-2026"})
    assert response.status_code == 200
    assert "当前密码不正确" in text_of(response)


def test_weak_new_password_is_refused_beside_the_field(app, client, login_as):
    login_as(Role.CLERK)
    response = post(app, client, "/auth/password", {
        "current_password": PASSWORD, "new_password": "password1",
        "confirm_password": "password1"})
    html = response.get_data(as_text=True)
    assert 'data-field="new_password"' in html
    assert "至少三类" in html


def test_password_change_ends_other_sessions_and_keeps_this_one(app, client, login_as):
    user = login_as(Role.CLERK)
    other_device = app.test_client()
    login(app, other_device, user.username)
    assert other_device.get("/").status_code == 200
    copied = {"other": other_device.get_cookie("wagewatch_session").value,
              "this, before the change": client.get_cookie("wagewatch_session").value}
    response = post(app, client, "/auth/password", {
        "current_password": PASSWORD, "new_password": "Brand-new-2026",
        "confirm_password": "Brand-new-2026"})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert client.get_cookie("wagewatch_session").value not in copied.values()  # renewed
    assert other_device.get("/").status_code == 302
    for label, cookie in copied.items():  # a copied cookie replayed from elsewhere is refused
        thief = app.test_client()
        thief.set_cookie("wagewatch_session", cookie)
        replay = thief.get("/cases/")
        assert replay.status_code == 302 and "/auth/login" in replay.headers["Location"], label
    ended = db.session.scalars(db.select(UserSession.end_reason)).all()
    assert ended.count("password_changed") == 2
    assert login(app, app.test_client(), user.username, "Brand-new-2026").status_code == 302


def test_login_does_not_redirect_off_site(app, client):
    make_user(username="zhao")
    response = post(app, client, "/auth/login?next=https://evil.example/",
                    {"username": "zhao", "password": PASSWORD})
    assert response.headers["Location"] == "/"


def test_login_follows_a_local_next(app, client):
    make_user(username="zhao")
    response = post(app, client, "/auth/login?next=/auth/password",
                    {"username": "zhao", "password": PASSWORD})
    assert response.headers["Location"] == "/auth/password"
