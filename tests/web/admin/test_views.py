"""User administration as an administrator uses it: create, edit, disable, unlock, reset."""

import re
from datetime import timedelta

from wagewatch.extensions import db
from wagewatch.models import AuditEvent, Office, Role, User, utcnow

from tests.factories import PASSWORD, login, make_office, make_user, post, text_of


def office_id():
    return db.session.scalar(db.select(Office.id))


def test_admin_creates_a_user_and_sees_the_one_time_password_once(app, client, login_as):
    login_as(Role.ADMIN)
    response = post(app, client, "/admin/users/new", {
        "username": "liming", "display_name": "李明", "role": "clerk", "office_id": office_id()})
    assert response.status_code == 200
    password = re.search(r'id="one-time-password">([^<]+)<', response.get_data(as_text=True))[1]
    assert response.headers["Cache-Control"] == "no-store"
    user = db.session.scalar(db.select(User).where(User.username == "liming"))
    assert user.role is Role.CLERK and user.must_change_password
    assert password not in text_of(client.get("/admin/users"))
    # The new user must change the one-time password before anything else.
    newcomer = app.test_client()
    assert login(app, newcomer, "liming", password).status_code == 302
    assert newcomer.get("/").headers["Location"].endswith("/auth/password")
    created = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "user.create"))
    assert created.changes["username"] == [None, "liming"]
    assert "password" not in str(created.changes)


def test_bad_input_is_refused_beside_the_field_and_kept(app, client, login_as):
    login_as(Role.ADMIN)
    response = post(app, client, "/admin/users/new", {
        "username": "X", "display_name": "李明", "role": "clerk", "office_id": office_id()})
    html = response.get_data(as_text=True)
    assert 'data-field="username"' in html and "3-64位" in html
    assert 'value="李明"' in html  # nothing the admin typed is lost
    assert db.session.scalar(db.select(User).where(User.display_name == "李明")) is None


def test_a_taken_username_is_refused(app, client, login_as):
    login_as(Role.ADMIN)
    make_user(username="liming")
    response = post(app, client, "/admin/users/new", {
        "username": "liming", "display_name": "李明", "role": "clerk", "office_id": office_id()})
    assert "该用户名已被使用" in text_of(response)


def test_an_unknown_role_is_refused(app, client, login_as):
    login_as(Role.ADMIN)
    response = post(app, client, "/admin/users/new", {
        "username": "liming", "display_name": "李明", "role": "superuser",
        "office_id": office_id()})
    assert response.status_code == 200
    assert db.session.scalar(db.select(User).where(User.username == "liming")) is None


def test_edit_changes_role_and_office_and_ends_the_users_sessions(app, client, login_as):
    login_as(Role.ADMIN)
    clerk = make_user(username="liming")
    other = make_office(code="TSQ", name="铜山区劳动保障监察大队", townships=())
    clerk_client = app.test_client()
    login(app, clerk_client, "liming")
    response = post(app, client, f"/admin/users/{clerk.id}/edit", {
        "display_name": "李明", "role": "leader", "office_id": other.id,
        "version": clerk.version})
    assert response.status_code == 302
    db.session.refresh(clerk)
    assert clerk.role is Role.LEADER and clerk.office_id == other.id
    assert clerk_client.get("/").status_code == 302  # must log in again with the new role
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "user.update"))
    assert event.changes["role"] == ["clerk", "leader"]


def test_a_stale_edit_is_refused_and_keeps_the_input(app, client, login_as):
    login_as(Role.ADMIN)
    clerk = make_user(username="liming")
    stale_version = clerk.version
    make_user(role=Role.ADMIN, username="second-admin")
    colleague = app.test_client()
    login(app, colleague, "second-admin")
    post(app, colleague, f"/admin/users/{clerk.id}/edit", {
        "display_name": "别人改的", "role": "clerk", "office_id": clerk.office_id,
        "version": stale_version})
    response = post(app, client, f"/admin/users/{clerk.id}/edit", {
        "display_name": "我改的", "role": "clerk", "office_id": clerk.office_id,
        "version": stale_version})
    assert "该记录已被他人修改" in text_of(response)
    assert 'value="我改的"' in response.get_data(as_text=True)
    db.session.refresh(clerk)
    assert clerk.display_name == "别人改的"


def test_the_username_cannot_be_changed_by_adding_a_field(app, client, login_as):
    login_as(Role.ADMIN)
    clerk = make_user(username="liming")
    post(app, client, f"/admin/users/{clerk.id}/edit", {
        "username": "hacked", "display_name": "李明", "role": "clerk",
        "office_id": clerk.office_id, "version": clerk.version, "active": "n",
        "password_hash": "x"})
    db.session.refresh(clerk)
    assert clerk.username == "liming" and clerk.active and clerk.password_hash != "x"


def test_disabling_a_user_ends_their_session_at_once(app, client, login_as):
    login_as(Role.ADMIN)
    clerk = make_user(username="liming")
    clerk_client = app.test_client()
    login(app, clerk_client, "liming")
    assert clerk_client.get("/").status_code == 200
    post(app, client, f"/admin/users/{clerk.id}/disable")
    assert clerk_client.get("/").status_code == 302
    assert login(app, app.test_client(), "liming").status_code == 200  # refused
    post(app, client, f"/admin/users/{clerk.id}/enable")
    assert login(app, app.test_client(), "liming").status_code == 302


def test_the_last_admin_cannot_be_disabled_or_demoted(app, client, login_as):
    admin = login_as(Role.ADMIN)
    response = post(app, client, f"/admin/users/{admin.id}/disable", follow_redirects=True)
    assert "不能停用自己的账户" in text_of(response)
    response = post(app, client, f"/admin/users/{admin.id}/edit", {
        "display_name": "管理员", "role": "clerk", "office_id": admin.office_id,
        "version": admin.version})
    assert "唯一启用的系统管理员" in text_of(response)


def test_admin_unlocks_a_locked_user(app, client, login_as):
    login_as(Role.ADMIN)
    clerk = make_user(username="liming")
    clerk.locked_until = utcnow() + timedelta(minutes=20)
    db.session.commit()
    assert "已锁定" in text_of(client.get("/admin/users"))
    post(app, client, f"/admin/users/{clerk.id}/unlock")
    assert login(app, app.test_client(), "liming").status_code == 302
    assert db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "user.unlock"))


def test_reset_password_gives_a_new_one_time_password_and_ends_sessions(app, client, login_as):
    login_as(Role.ADMIN)
    clerk = make_user(username="liming")
    clerk_client = app.test_client()
    login(app, clerk_client, "liming")
    response = post(app, client, f"/admin/users/{clerk.id}/reset-password")
    password = re.search(r'id="one-time-password">([^<]+)<', response.get_data(as_text=True))[1]
    assert clerk_client.get("/").status_code == 302
    assert login(app, app.test_client(), "liming", PASSWORD).status_code == 200  # old refused
    fresh = app.test_client()
    assert login(app, fresh, "liming", password).status_code == 302
    assert fresh.get("/").headers["Location"].endswith("/auth/password")


def test_user_actions_need_a_known_action_name(app, client, login_as):
    login_as(Role.ADMIN)
    clerk = make_user(username="liming")
    assert post(app, client, f"/admin/users/{clerk.id}/delete").status_code == 400


def test_user_list_filters_by_role_and_name(app, client, login_as):
    login_as(Role.ADMIN)
    make_user(username="liming", display_name="李明")
    make_user(role=Role.POLICE, username="zhangjing", display_name="张警官")
    page = text_of(client.get("/admin/users?role=police"))
    assert "zhangjing" in page and "liming" not in page
    page = text_of(client.get("/admin/users?q=李"))
    assert "liming" in page and "zhangjing" not in page


def test_the_bulk_full_id_permission_is_granted_and_withdrawn_on_the_form_and_audited(
        app, client, login_as):
    login_as(Role.ADMIN)
    clerk = make_user(username="liming")
    form = {"display_name": "测试监察员", "role": "clerk", "office_id": clerk.office_id}
    assert 'name="may_export_full_ids"' in client.get(f"/admin/users/{clerk.id}/edit").get_data(
        as_text=True)
    post(app, client, f"/admin/users/{clerk.id}/edit", {
        **form, "may_export_full_ids": "y", "version": clerk.version})
    db.session.refresh(clerk)
    assert clerk.may_export_full_ids is True
    post(app, client, f"/admin/users/{clerk.id}/edit", {**form, "version": clerk.version})
    db.session.refresh(clerk)
    assert clerk.may_export_full_ids is False
    changes = [e.changes for e in db.session.scalars(db.select(AuditEvent).where(
        AuditEvent.action == "user.update").order_by(AuditEvent.id))]
    assert [c["may_export_full_ids"] for c in changes] == [[False, True], [True, False]]
