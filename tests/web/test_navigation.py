"""The menu and the pages' role-dependent links agree with the permission gate: each asks
permissions.can, and no template checks a role by hand."""

import pathlib
import re

import pytest

from wagewatch.models import Role
from wagewatch.web.navigation import NAVIGATION, items_for
from wagewatch.web.permissions import can

from tests.factories import make_user
from tests.web.test_permissions import MATRIX

TEMPLATES = pathlib.Path(__file__).resolve().parents[2] / "wagewatch" / "templates"

#: A role compared by hand in a template: current_user.role.value == 'clerk', role.value in (...),
#: current_user.is_clerk. Showing the role's label (current_user.role.label) is not a check.
ROLE_CHECK = re.compile(r"current_user\.role(?!\.label)|role\.value\s*(?:==|!=|in\b)|\bis_(?:clerk|"
                        r"leader|admin|police|auditor)\b")


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_the_menu_shows_a_role_exactly_the_pages_the_gate_admits_it_to(app, role):
    user = make_user(role=role, username=f"nav-{role.value}")
    expected = [item.label for item in NAVIGATION if role in MATRIX[item.endpoint]]
    assert [item.label for item in items_for(user)] == expected


def test_the_administrator_sees_the_contractor_and_project_pages_the_gate_admits(app):
    labels = [item.label for item in items_for(make_user(role=Role.ADMIN, username="nav-admin"))]
    assert "单位与个人" in labels and "项目" in labels
    assert "案件" not in labels


def test_can_follows_the_role_map_and_refuses_anonymous_visitors(app):
    from flask_login import AnonymousUserMixin

    clerk, leader = make_user(role=Role.CLERK), make_user(role=Role.LEADER, username="leader-c")
    assert can("case_steps.accept", clerk) and not can("case_steps.accept", leader)
    assert can("cases.show_case", leader)
    assert not can("cases.show_case", AnonymousUserMixin())
    assert can("auth.login", AnonymousUserMixin())  # a public page


def test_every_step_of_a_case_has_its_page_in_the_role_map():
    from wagewatch.rules.case_actions import CASE_STEPS
    from wagewatch.web.cases.actions import STEP_ENDPOINTS

    assert set(STEP_ENDPOINTS) == set(CASE_STEPS)
    assert all(endpoint in MATRIX for endpoint in STEP_ENDPOINTS.values())


def test_a_leader_sees_no_clerk_button_on_the_case_list(app, client, login_as):
    login_as(Role.LEADER)
    assert 'id="import-cases"' not in client.get("/cases/").get_data(as_text=True)


def test_a_clerk_sees_the_import_button_on_the_case_list(app, client, login_as):
    login_as(Role.CLERK)
    assert 'id="import-cases"' in client.get("/cases/").get_data(as_text=True)


@pytest.mark.parametrize("path", sorted(TEMPLATES.rglob("*.html")),
                         ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_no_template_checks_a_role_by_hand(path):
    assert ROLE_CHECK.findall(path.read_text(encoding="utf-8")) == [], (
        "ask can('blueprint.endpoint') (permissions.can), not the role")


def test_the_scan_finds_a_role_checked_by_hand():
    assert ROLE_CHECK.findall("{% if current_user.role.value == 'clerk' %}")
    assert ROLE_CHECK.findall("{% if user.role.value in ('clerk', 'leader') %}")
    assert ROLE_CHECK.findall("{% if current_user.is_clerk %}")
    assert not ROLE_CHECK.findall("{{ current_user.role.label }} {% if can('cases.list_cases') %}")
