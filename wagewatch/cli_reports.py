"""`flask report monthly YYYY-MM --output FILE`: write the issued monthly report (issuing it
first when the month was never issued)."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup

from wagewatch.extensions import db
from wagewatch.models import Role, User
from wagewatch.services import ServiceError, monthly_reports

report_cli = AppGroup("report", help="Reports.")
ISSUERS = {Role.CLERK, Role.LEADER, Role.ADMIN}


@report_cli.command("monthly")
@click.argument("month")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--office", "office_code", default=None, help="Office code; defaults to the user's.")
@click.option("--as-user", "username", required=True,
              help="The leader, clerk or administrator recorded as issuer and downloader.")
@click.option("--reissue-reason", default=None,
              help="Issue a new version with this reason even when the month is issued.")
def monthly_command(month: str, output: Path, office_code: str | None, username: str,
                    reissue_reason: str | None) -> None:
    """Write MONTH's latest issued version to OUTPUT; a month never issued is issued first
    (version 1); --reissue-reason issues a new version. Never overwrites OUTPUT."""
    user = db.session.scalar(db.select(User).where(User.username == username.lower()))
    if user is None or user.role not in ISSUERS or not user.active:
        raise click.ClickException("请指定一名在用的领导、监察员或系统管理员账户（--as-user）。")
    office = user.office
    if office_code and office.code != office_code.upper():
        raise click.ClickException(f"{username} 不属于机构 {office_code}。")
    if output.exists():
        raise click.ClickException(f"{output} 已存在，不会覆盖。")
    if not output.parent.is_dir():
        raise click.ClickException(f"目录 {output.parent} 不存在。")
    try:
        period = monthly_reports.period_of(office, month).month
        report = monthly_reports.latest(office.id, period)
        if report is None or reissue_reason:
            report = monthly_reports.issue(office, period, user, reissue_reason)
            click.echo(f"已签发 {office.name} {period} 月度监察报告第{report.version}版。")
        data = monthly_reports.download(report, user)
    except ServiceError as error:
        raise click.ClickException(error.message) from error
    output.write_bytes(data)
    click.echo(f"已写出第{report.version}版到 {output}（SHA-256 {report.sha256}）")


def init_app(app: Flask) -> None:
    app.cli.add_command(report_cli)
