"""The navigation bar per role; templates hide links by role, the permission gate enforces."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask
from flask_login import current_user

from wagewatch.auth.forms import LogoutForm
from wagewatch.models import Role


@dataclass(frozen=True)
class NavItem:
    label: str
    endpoint: str
    roles: frozenset[Role]


NAVIGATION = (
    NavItem("首页", "main.index", frozenset(Role)),
    NavItem("案件", "cases.list_cases", frozenset({Role.CLERK, Role.LEADER})),
    NavItem("单位与个人", "contractors.list_contractors", frozenset({Role.CLERK, Role.LEADER})),
    NavItem("项目", "projects.list_projects", frozenset({Role.CLERK, Role.LEADER})),
    NavItem("黑名单", "blacklist.list_proceedings", frozenset({Role.CLERK, Role.LEADER})),
    NavItem("移送公安", "referrals.list_referrals", frozenset({Role.CLERK, Role.LEADER})),
    NavItem("挂牌督办", "supervision.list_listings", frozenset({Role.CLERK, Role.LEADER})),
    NavItem("月度报告", "monthly_reports.list_reports",
            frozenset({Role.CLERK, Role.LEADER, Role.ADMIN})),
    NavItem("线索与移送", "police.list_candidates", frozenset({Role.POLICE})),
    NavItem("移送的案件", "police.list_referrals", frozenset({Role.POLICE})),
    NavItem("公示", "publication.show_list",
            frozenset({Role.CLERK, Role.LEADER, Role.POLICE, Role.ADMIN})),
    NavItem("用户管理", "admin.list_users", frozenset({Role.ADMIN})),
    NavItem("办案机构与镇街", "reference.list_offices", frozenset({Role.ADMIN})),
    NavItem("工作日调整", "reference.list_calendar_overrides", frozenset({Role.ADMIN})),
    NavItem("数额较大标准", "reference.list_thresholds", frozenset({Role.ADMIN})),
    NavItem("文书模板", "instrument_templates.list_templates", frozenset({Role.ADMIN})),
    NavItem("接口令牌", "api_clients.list_clients", frozenset({Role.ADMIN})),
    NavItem("审计日志", "audit.list_events", frozenset({Role.AUDITOR})),
)


def items_for(role: Role) -> list[NavItem]:
    """The navigation links a role sees, in order."""
    return [item for item in NAVIGATION if role in item.roles]


def init_app(app: Flask) -> None:
    @app.context_processor
    def navigation() -> dict:
        if current_user.is_authenticated:
            # formdata=None: the logout button never reads the request body, so a page rendered
            # for a refused (e.g. oversized, 413) POST does not trip over that body again.
            return {"nav_items": items_for(current_user.role),
                    "logout_form": LogoutForm(formdata=None)}
        return {"nav_items": []}
