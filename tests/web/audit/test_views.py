"""The auditor's audit log: complete, filterable, and append-only."""

import pytest

from wagewatch.extensions import db
from wagewatch.models import AuditEvent, Role
from wagewatch.services import audit

from tests.factories import login, make_user, post, text_of


def test_auditor_sees_logins_failures_and_admin_changes(app, client, login_as):
    make_user(username="zhao")
    login(app, app.test_client(), "zhao", "Wrong-pass-1")
    login_as(Role.AUDITOR)
    page = text_of(client.get("/audit/"))
    assert "登录失败" in page and "登录成功" in page
    assert "login.failure" not in page and "审计员" in page
    assert "密码错误（连续第1次）" in page


def test_filters_narrow_the_log(app, client, login_as):
    make_user(username="zhao")
    login(app, app.test_client(), "zhao", "Wrong-pass-1")
    login_as(Role.AUDITOR)
    page = client.get("/audit/?action=login.failure&success=0").get_data(as_text=True)
    assert 'data-action="login.failure"' in page and 'data-action="login.success"' not in page
    page = text_of(client.get("/audit/?date_from=2026-12-02&date_to=2026-12-01"))
    assert "截止日期不能早于起始日期" in page


def test_personal_data_in_changes_is_masked(app, login_as):
    audit.record("worker.update", object_type="worker", object_id=1, changes=audit.changes_between(
        {"id_number": "320303199001011234", "phone": "13812345678"},
        {"id_number": "320303199001015678", "phone": "13912345678"}))
    db.session.commit()
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "worker.update"))
    assert event.changes == {
        "id_number": ["3203**********1234", "3203**********5678"],
        "phone": ["138****5678", "139****5678"],
    }


def test_the_application_cannot_edit_or_delete_an_entry(app):
    audit.record("test.event")
    db.session.commit()
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "test.event"))
    event.detail = "tampered"
    with pytest.raises(PermissionError):
        db.session.commit()
    db.session.rollback()
    db.session.delete(event)
    with pytest.raises(PermissionError):
        db.session.commit()
    db.session.rollback()
    assert db.session.get(AuditEvent, event.id).detail is None


def test_a_failing_audit_write_leaves_no_half_saved_change(app, client, login_as, monkeypatch):
    admin = login_as(Role.ADMIN)

    def broken_record(*args, **kwargs):
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr(audit, "record", broken_record)
    response = post(app, client, "/admin/users/new", {
        "username": "liming", "display_name": "李明", "role": "clerk",
        "office_id": admin.office_id})
    assert response.status_code == 500
    assert "事件编号" in text_of(response)
    from wagewatch.models import User

    assert db.session.scalar(db.select(User).where(User.username == "liming")) is None
