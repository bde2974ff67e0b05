"""A tampered version in a form: the stale-record page with what was typed, never a 500."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict

from wagewatch.models import Role
from wagewatch.services import StaleRecord
from wagewatch.web.fields import VersionField
from wagewatch.web.forms import BaseForm

from tests.factories import make_contractor, make_project, make_user, post, text_of
from tests.web.cases.factories import register


class _Versioned(BaseForm):
    version = VersionField()

    class Meta:
        csrf = False


@pytest.mark.parametrize("typed, expected", [("7", 7), (" 12 ", 12), ("", None)])
def test_version_field_reads_integers(app, typed, expected):
    with app.test_request_context():
        assert _Versioned(formdata=MultiDict({"version": typed})).version.data == expected


@pytest.mark.parametrize("typed", ["abc", "-1", "1e9", "３", "1.5", "9" * 30, "0x10"])
def test_version_field_refuses_anything_else_as_a_stale_record(app, typed):
    with app.test_request_context(), pytest.raises(StaleRecord):
        _Versioned(formdata=MultiDict({"version": typed}))


def _edit_pages(app):
    clerk = make_user(role=Role.CLERK, username="version-clerk")
    other = make_user(role=Role.CLERK, username="version-other")
    case = register(clerk=clerk)
    return clerk, {
        "admin": (Role.ADMIN, f"/admin/users/{other.id}/edit", {"display_name": "改过的名字"}),
        "case": (Role.CLERK, f"/cases/{case.id}/facts", {"project_name": "改过的名字"}),
        "contractor": (Role.CLERK, f"/contractors/{make_contractor().id}/edit",
                       {"name": "改过的名字"}),
        "project": (Role.CLERK, f"/projects/{make_project().id}/edit", {"name": "改过的名字"}),
    }


@pytest.mark.parametrize("page", ["admin", "case", "contractor", "project"])
def test_a_non_integer_version_gives_the_stale_page_with_the_input(app, client, login_as, page):
    clerk, pages = _edit_pages(app)
    role, url, typed = pages[page]
    if role == Role.CLERK:
        from tests.factories import login
        assert login(app, client, clerk.username).status_code == 302
    else:
        login_as(role)
    response = post(app, client, url, {**typed, "version": "abc"})
    assert response.status_code == 409, text_of(response)[:500]
    body = text_of(response)
    assert "该记录已被他人修改" in body and "改过的名字" in body
