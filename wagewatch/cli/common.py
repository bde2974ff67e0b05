"""What the export, import and report commands share: who they act as, and for which office."""

from __future__ import annotations

import getpass

import click

from wagewatch.extensions import db
from wagewatch.models import Office, Role, User


def command_user(username: str, roles: set[Role], office_code: str | None = None) -> User:
    """The active user a command acts as (recorded in the audit log), of one of ``roles``."""
    user = db.session.scalar(db.select(User).where(User.username == username.lower()))
    if user is None or user.role not in roles or not user.active:
        wanted = "、".join(role.label for role in sorted(roles))
        raise click.ClickException(f"请指定一名在用的{wanted}账户（--as-user）。")
    if office_code and user.office.code != office_code.upper():
        raise click.ClickException(f"{username} 不属于机构 {office_code}。")
    return user


def command_office(office_code: str | None) -> Office:
    """The office named by --office, or the only office when there is just one."""
    if office_code:
        office = db.session.scalar(db.select(Office).where(Office.code == office_code.upper()))
        if office is None:
            raise click.ClickException(f"没有代码为 {office_code} 的机构。")
        return office
    offices = db.session.scalars(db.select(Office).order_by(Office.id).limit(2)).all()
    if len(offices) != 1:
        raise click.ClickException("有多个机构（或还没有机构），请用 --office 指明机构代码。")
    return offices[0]


def operator() -> str:
    """Who runs a command without --as-user, for the audit log: the operating-system account."""
    try:
        return f"命令行，操作系统用户 {getpass.getuser()}"
    except (KeyError, OSError):
        return "命令行，操作系统用户未知"
