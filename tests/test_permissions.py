"""The role matrix: every route, every role, walked from app.url_map (security.md item 6)."""

from datetime import date

import pytest

from wagewatch.extensions import db
from wagewatch.models import AuditEvent, CalendarOverride, DayKind, Office, Role, Township

from tests.factories import login, make_user, post

PUBLIC = "public"
ANY_ROLE = frozenset(Role)

#: Who may reach each endpoint. A new route fails the test until it is added here.
MATRIX: dict[str, object] = {
    "auth.login": PUBLIC,
    "auth.logout": ANY_ROLE,
    "auth.change_password": ANY_ROLE,
    "main.index": ANY_ROLE,
    "admin.list_users": {Role.ADMIN},
    "admin.create_user": {Role.ADMIN},
    "admin.edit_user": {Role.ADMIN},
    "admin.act_on_user": {Role.ADMIN},
    "reference.list_offices": {Role.ADMIN},
    "reference.edit_office": {Role.ADMIN},
    "reference.list_townships": {Role.ADMIN},
    "reference.edit_township": {Role.ADMIN},
    "reference.list_calendar_overrides": {Role.ADMIN},
    "reference.delete_calendar_override": {Role.ADMIN},
    "audit.list_events": {Role.AUDITOR},
}

ASSET_ENDPOINTS = {"static", "bootstrap.static"}


def _routes(app):
    rules = [r for r in app.url_map.iter_rules() if r.endpoint not in ASSET_ENDPOINTS]
    # Logging out ends the session, so it goes last.
    return sorted(rules, key=lambda r: (r.endpoint == "auth.logout", r.rule))


def _url_for_rule(rule, samples):
    values = {name: samples[name] for name in rule.arguments}
    return rule.build(values, append_unknown=False)[1]


def _samples():
    office = db.session.scalar(db.select(Office))
    township = db.session.scalar(db.select(Township).where(Township.office_id == office.id))
    target = make_user(role=Role.CLERK, username="target")
    override = CalendarOverride(day=date(2027, 2, 8), kind=DayKind.HOLIDAY, note="春节")
    db.session.add(override)
    db.session.commit()
    return {"user_id": target.id, "office_id": office.id, "township_id": township.id,
            "override_id": override.id, "action": "unlock"}


def test_every_route_is_in_the_matrix(app):
    missing = sorted({r.endpoint for r in _routes(app)} - set(MATRIX))
    assert not missing, f"routes missing from the role matrix: {missing}"
    stale = sorted(set(MATRIX) - {r.endpoint for r in _routes(app)})
    assert not stale, f"matrix names routes that no longer exist: {stale}"


@pytest.mark.parametrize("role", [None, *Role], ids=lambda r: r.value if r else "anonymous")
def test_each_role_reaches_exactly_its_routes(app, role):
    samples = _samples()
    client = app.test_client()
    if role is not None:
        make_user(role=role, username=f"matrix-{role.value}")
        assert login(app, client, f"matrix-{role.value}").status_code == 302
    problems = []
    for rule in _routes(app):
        allowed = MATRIX[rule.endpoint]
        url = _url_for_rule(rule, samples)
        if "GET" in rule.methods:
            response = client.get(url)
        else:
            response = post(app, client, url)
        location = response.headers.get("Location", "")
        sent_to_login = response.status_code == 302 and "/auth/login" in location
        if allowed == PUBLIC:
            ok = response.status_code < 400 and not sent_to_login
        elif role is None:
            ok = sent_to_login
        elif role in allowed and rule.endpoint == "auth.logout":
            ok = sent_to_login and client.get("/").status_code == 302  # logged out
        elif role in allowed:
            ok = response.status_code not in (403, 500) and not sent_to_login
        else:
            ok = response.status_code == 403
        if not ok:
            problems.append(f"{rule.endpoint} {url}: {response.status_code} {location}")
    assert not problems, f"{role}: " + "; ".join(problems)


def test_a_denied_request_is_audited(app, client, login_as):
    login_as(Role.POLICE)
    assert client.get("/admin/users").status_code == 403
    denial = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "access.denied"))
    assert denial is not None and not denial.success
    assert denial.actor_role == "police" and "/admin/users" in denial.detail


def test_an_unguarded_blueprint_stops_the_app_from_starting(app):
    from flask import Blueprint

    from wagewatch.permissions import check_every_endpoint_is_guarded

    stray = Blueprint("stray", __name__)
    stray.add_url_rule("/stray", "open_door", lambda: "x")
    app.register_blueprint(stray)
    with pytest.raises(LookupError):
        check_every_endpoint_is_guarded(app)
