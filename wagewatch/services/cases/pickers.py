"""Typed pickers of the case pages: a project for a complaint, a handler for the case list.

A clerk types part of a name; the lookups suggest at most ``LIMIT`` matches (the pages load them
as JSON, or show them after a round trip without JavaScript), and the resolvers turn what was
typed into one record of the office or a refusal with the candidates. So a page's size does not
grow with the office's projects or staff.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import ColumnElement, exists, or_

from wagewatch.extensions import db
from wagewatch.models import Case, Project, Role, User
from wagewatch.rules.search_terms import escape_like
from wagewatch.services import ServiceError

LIMIT = 10
#: A suggestion's value when two records share a name: the name, then the record's number.
PROJECT_NUMBER = re.compile(r"^(?P<name>.*)（项目编号(?P<id>\d+)）$")
HANDLER_ACCOUNT = re.compile(r"^(?P<name>.*)（(?P<username>[^（）]+)）$")


@dataclass(frozen=True)
class Suggestion:
    value: str   # what the input receives, and what resolves back to the record
    label: str   # shown beside it in the list


class PickerRefusal(ServiceError):
    """What was typed names no single record; ``suggestions`` are the candidates to offer, and
    ``filled`` the full value to put in the field when only one record matches."""

    def __init__(self, message: str, field: str, suggestions: list[Suggestion] | None = None,
                 filled: str | None = None) -> None:
        super().__init__(message, field)
        self.suggestions, self.filled = suggestions or [], filled


def _like(column, text: str) -> ColumnElement[bool]:
    return column.ilike(f"%{escape_like(text)}%", escape="\\")


def _project_suggestions(projects: list[Project]) -> list[Suggestion]:
    names = [p.name for p in projects]
    return [Suggestion(f"{p.name}（项目编号{p.id}）" if names.count(p.name) > 1 else p.name,
                       p.township.name if p.township is not None else "") for p in projects]


def _projects(office_id: int, condition: ColumnElement[bool], limit: int) -> list[Project]:
    return list(db.session.scalars(db.select(Project).where(
        Project.office_id == office_id, Project.active, condition)
        .order_by(Project.name, Project.id).limit(limit)))


def suggest_projects(office_id: int, text: str) -> list[Suggestion]:
    """The office's active projects whose name contains ``text`` (at most LIMIT)."""
    text = (text or "").strip()[:100]
    return _project_suggestions(_projects(office_id, _like(Project.name, text), LIMIT)) if text else []


def resolve_project(office_id: int, text: str, field_name: str = "project") -> Project | None:
    """The active project of the office that ``text`` names (None when empty). A suggestion's
    value or an exact name resolves; a fragment is refused with the projects it matches, so the
    clerk confirms the full name before the complaint is saved."""
    text = (text or "").strip()
    if not text:
        return None
    numbered = PROJECT_NUMBER.match(text)
    if numbered:
        found = _projects(office_id, (Project.id == int(numbered["id"]))
                          & (Project.name == numbered["name"]), 1)
    else:
        found = _projects(office_id, Project.name == text, 2)
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        raise PickerRefusal("有多个同名的项目，请从列表中选择带项目编号的一项。", field_name,
                            _project_suggestions(_projects(office_id, Project.name == text, LIMIT)))
    candidates = _projects(office_id, _like(Project.name, text[:100]), LIMIT)
    if not candidates:
        raise PickerRefusal("未找到该项目，请输入已登记项目名称的一部分后从列表中选择；非工程项目请留空。",
                            field_name)
    if len(candidates) == 1:
        only = _project_suggestions(candidates)
        raise PickerRefusal(f"找到项目“{candidates[0].name}”，已填入完整名称，请核对后再次提交。",
                            field_name, only, filled=only[0].value)
    raise PickerRefusal(f"有{len(candidates)}{'个以上' if len(candidates) == LIMIT else '个'}项目的名称含“{text}”，"
                        "请从列表中选择完整名称。", field_name, _project_suggestions(candidates))


def _handler_condition(office_id: int) -> ColumnElement[bool]:
    """The office's clerks, and anyone else who handles one of its cases."""
    handles = exists().where(Case.handler_id == User.id, Case.office_id == office_id)
    return (User.office_id == office_id) & or_(User.role == Role.CLERK, handles)


def _handlers(office_id: int, condition: ColumnElement[bool], limit: int) -> list[User]:
    return list(db.session.scalars(db.select(User).where(_handler_condition(office_id), condition)
                                   .order_by(User.display_name, User.id).limit(limit)))


def _handler_suggestions(users: list[User]) -> list[Suggestion]:
    names = [u.display_name for u in users]
    return [Suggestion(f"{u.display_name}（{u.username}）" if names.count(u.display_name) > 1
                       else u.display_name, u.username) for u in users]


def suggest_handlers(office_id: int, text: str) -> list[Suggestion]:
    """The office's handlers whose name or account contains ``text`` (at most LIMIT)."""
    text = (text or "").strip()[:64]
    if not text:
        return []
    return _handler_suggestions(_handlers(
        office_id, or_(_like(User.display_name, text), _like(User.username, text)), LIMIT))


def handler_value(user: User) -> str:
    """What the handler field shows for ``user`` (and resolves back to them)."""
    twins = db.session.scalar(db.select(db.func.count()).select_from(User).where(
        _handler_condition(user.office_id), User.display_name == user.display_name)) or 0
    return f"{user.display_name}（{user.username}）" if twins > 1 else user.display_name


def handler_of_office(office_id: int, user_id: int) -> User | None:
    found = _handlers(office_id, User.id == user_id, 1)
    return found[0] if found else None


def resolve_handler(office_id: int, text: str, field_name: str = "handler") -> User | None:
    """The handler ``text`` names: a suggestion's value, a unique name or an account name."""
    text = (text or "").strip()
    if not text:
        return None
    account = HANDLER_ACCOUNT.match(text)
    if account:
        found = _handlers(office_id, (User.username == account["username"])
                          & (User.display_name == account["name"]), 1)
    else:
        found = _handlers(office_id, User.display_name == text, 2) or \
            _handlers(office_id, User.username == text, 1)
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        raise PickerRefusal("有多个同名的承办人，请从列表中选择带账号的一项。", field_name,
                            _handler_suggestions(_handlers(office_id, User.display_name == text, LIMIT)))
    raise PickerRefusal("未找到该承办人，请输入姓名的一部分后从列表中选择。", field_name,
                        suggest_handlers(office_id, text))
