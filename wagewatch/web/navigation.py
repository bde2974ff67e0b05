"""The navigation bar: each link shown to the roles the permission gate admits to its page."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask
from flask_login import current_user

from wagewatch.web.auth.forms import LogoutForm
from wagewatch.web.permissions import can


@dataclass(frozen=True)
class NavItem:
    label: str
    endpoint: str


NAVIGATION = (
    NavItem("首页", "main.index"),
    NavItem("案件", "cases.list_cases"),
    NavItem("单位与个人", "contractors.list_contractors"),
    NavItem("项目", "projects.list_projects"),
    NavItem("黑名单", "blacklist.list_proceedings"),
    NavItem("移送公安", "referrals.list_referrals"),
    NavItem("挂牌督办", "supervision.list_listings"),
    NavItem("月度报告", "monthly_reports.list_reports"),
    NavItem("线索与移送", "police.list_candidates"),
    NavItem("移送的案件", "police.list_referrals"),
    NavItem("公示", "publication.show_list"),
    NavItem("用户管理", "admin.list_users"),
    NavItem("办案机构与镇街", "reference.list_offices"),
    NavItem("工作日调整", "reference.list_calendar_overrides"),
    NavItem("数额较大标准", "reference.list_thresholds"),
    NavItem("文书模板", "instrument_templates.list_templates"),
    NavItem("接口令牌", "api_clients.list_clients"),
    NavItem("审计日志", "audit.list_events"),
)


def items_for(user) -> list[NavItem]:
    """The navigation links a signed-in user may follow, in order (permissions.can)."""
    return [item for item in NAVIGATION if can(item.endpoint, user)]


def init_app(app: Flask) -> None:
    app.jinja_env.globals["can"] = can

    @app.context_processor
    def navigation() -> dict:
        if current_user.is_authenticated:
            # formdata=None: the logout button never reads the request body, so a page rendered
            # for a refused (e.g. oversized, 413) POST does not trip over that body again.
            from wagewatch.services.reminders import DIGEST_ROLES, unread_count

            reminders = current_user.role in DIGEST_ROLES
            return {"nav_items": items_for(current_user),
                    "logout_form": LogoutForm(formdata=None), "show_reminders": reminders,
                    "unread_reminders": unread_count(current_user) if reminders else 0}
        return {"nav_items": []}
