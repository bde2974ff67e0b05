"""Every state change is a POST with a CSRF token (security.md item 8): each POST route of the
role matrix, posted by a role allowed to use it but without the form's token, is refused and the
refusal audited. Most answer 400; the upload forms, which check their token after login and role,
show the form again with "页面已过期" beside it and what was typed."""

from __future__ import annotations

import pytest

from wagewatch.extensions import db
from wagewatch.models import AuditEvent, Role

from tests.factories import login, make_user, text_of
from tests.web.test_permissions import MATRIX, PUBLIC, TOKEN, _routes, _samples, _url_for_rule


def _post_routes(app, role):
    return [r for r in _routes(app) if "POST" in r.methods and r.endpoint != "auth.logout"
            and MATRIX[r.endpoint] not in (PUBLIC, TOKEN) and role in MATRIX[r.endpoint]]


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_every_post_without_its_csrf_token_is_refused_and_audited(app, role):
    samples = _samples()
    client = app.test_client()
    make_user(role=role, username=f"csrf-{role.value}")
    assert login(app, client, f"csrf-{role.value}").status_code == 302
    problems = []
    for rule in _post_routes(app, role):
        url = _url_for_rule(rule, samples)
        before = db.session.scalar(db.select(db.func.count(AuditEvent.id)).where(
            AuditEvent.action == "csrf.refused"))
        response = client.post(url, data={"confirm": "y"})
        after = db.session.scalar(db.select(db.func.count(AuditEvent.id)).where(
            AuditEvent.action == "csrf.refused"))
        refused = response.status_code == 400 or (
            response.status_code == 200 and "页面已过期" in text_of(response))
        if not refused or after != before + 1:
            problems.append(f"{rule.endpoint} {url}: {response.status_code}, {after - before} audited")
    assert not problems, "; ".join(problems)
