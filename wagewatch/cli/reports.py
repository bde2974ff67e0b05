"""`flask report monthly YYYY-MM --output FILE`: write the issued monthly report (issuing it
first when a user is named and the month was never issued; else a preview)."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup

from wagewatch.cli.common import command_office, command_user, operator
from wagewatch.models import Role
from wagewatch.services import ServiceError
from wagewatch.services.reports import monthly_reports

report_cli = AppGroup("report", help="Reports.")
ISSUERS = {Role.CLERK, Role.LEADER, Role.ADMIN}


@report_cli.command("monthly")
@click.argument("month")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--office", "office_code", default=None,
              help="Office code; defaults to the user's, or the only office.")
@click.option("--as-user", "username", default=None,
              help="The leader, clerk or administrator recorded as issuer and downloader; needed "
                   "to issue. Without it an issued month is written, else a preview.")
@click.option("--reissue-reason", default=None,
              help="Issue a new version with this reason even when the month is issued.")
def monthly_command(month: str, output: Path, office_code: str | None, username: str | None,
                    reissue_reason: str | None) -> None:
    """Write MONTH's latest issued version to OUTPUT. With --as-user a month never issued is
    issued first (version 1) and --reissue-reason issues a new version; without it a month never
    issued is written as a preview marked 预览（未签发）. Never overwrites OUTPUT."""
    user = command_user(username, ISSUERS, office_code) if username else None
    office = user.office if user else command_office(office_code)
    if output.exists():
        raise click.ClickException(f"{output} 已存在，不会覆盖。")
    if not output.parent.is_dir():
        raise click.ClickException(f"目录 {output.parent} 不存在。")
    if reissue_reason and user is None:
        raise click.ClickException("重新签发须用 --as-user 指明签发人。")
    via = None if user else operator()
    try:
        period = monthly_reports.period_of(office, month).month
        report = monthly_reports.latest(office.id, period)
        if user is not None and (report is None or reissue_reason):
            report = monthly_reports.issue(office, period, user, reissue_reason)
            click.echo(f"已签发 {office.name} {period} 月度监察报告第{report.version}版。")
        if report is None:
            output.write_bytes(monthly_reports.preview(office, period, None, via=via))
            click.echo(f"{period} 尚未签发，已写出预览（未签发）到 {output}；签发请加 --as-user。")
            return
        data = monthly_reports.download(report, user, via=via)
    except ServiceError as error:
        raise click.ClickException(error.message) from error
    output.write_bytes(data)
    click.echo(f"已写出第{report.version}版到 {output}（SHA-256 {report.sha256}）")


def init_app(app: Flask) -> None:
    app.cli.add_command(report_cli)
