"""`flask cases export --output FILE`: the office's whole case registry as a workbook, streamed."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup

from wagewatch.cases.queries import case_list_query
from wagewatch.extensions import db
from wagewatch.models import Office, Role, User
from wagewatch.reports.exports import case_list_workbook
from wagewatch.services.calendar import current_calendar, today

cases_cli = AppGroup("cases", help="Case registry exports.")


@cases_cli.command("export")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--office", "office_code", default=None, help="Office code; defaults to the only one.")
@click.option("--as-user", "username", required=True,
              help="The clerk or leader the export is recorded under in the audit log.")
def export_cases_command(output: Path, office_code: str | None, username: str) -> None:
    """Write every case of the office (newest first) to OUTPUT; the export is audited."""
    user = db.session.scalar(db.select(User).where(User.username == username.lower()))
    if user is None or user.role not in {Role.CLERK, Role.LEADER} or not user.active:
        raise click.ClickException("请指定一名在用的监察员或领导账户（--as-user）。")
    office = user.office
    if office_code and office.code != office_code.upper():
        raise click.ClickException(f"{username} 不属于机构 {office_code}。")
    if output.exists():
        raise click.ClickException(f"{output} 已存在，不会覆盖。")
    query = case_list_query(office.id, {}, today(), current_calendar())
    output.write_bytes(case_list_workbook(query, "全部案件（命令行导出）", user, today()))
    click.echo(f"已导出 {office.name} 的全部案件到 {output}")


def init_app(app: Flask) -> None:
    app.cli.add_command(cases_cli)
