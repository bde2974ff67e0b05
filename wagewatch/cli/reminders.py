"""`flask reminders send`: each clerk's and officer's daily digest, for a scheduler (cron)."""

from __future__ import annotations

from datetime import datetime

import click
from flask import current_app
from flask.cli import AppGroup

from wagewatch.services.reference.calendar import today
from wagewatch.services.reminders import send_digests

reminders_cli = AppGroup("reminders", help="Daily reminders of due work.")


@reminders_cli.command("send")
@click.option("--date", "day", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="The digest's day (default: today in China).")
def send_command(day: datetime | None) -> None:
    """Make today's digests (once per user and day) and e-mail them where SMTP is configured."""
    base_url = current_app.config["BASE_URL"]
    with current_app.test_request_context("/", base_url=base_url):
        report = send_digests(day.date() if day else today(), base_url)
    click.echo(f"生成提醒 {report.made} 份，发送邮件 {report.emailed} 封。")
    if report.failed:
        click.echo(f"邮件发送失败：{'、'.join(report.failed)}", err=True)
        raise SystemExit(1)
