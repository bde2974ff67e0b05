"""`flask blacklist expire`: carry out listing expiries as of a day (daily by cron; S-45, S-17)."""

from __future__ import annotations

from datetime import datetime

import click
from flask import Flask
from flask.cli import AppGroup

from wagewatch.services.blacklist.listing_expiry import expire_listings
from wagewatch.services.reference.calendar import today

blacklist_cli = AppGroup("blacklist", help="Carry out blacklist expiries.")


@blacklist_cli.command("expire")
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="The day to judge expiries on (default: today in China).")
def expire_command(as_of: datetime | None) -> None:
    """Remove S-45 listings whose 3 years ended; remove or extend S-17 listings after their year."""
    day = as_of.date() if as_of else today()
    report = expire_listings(day)
    click.echo(f"黑名单期满处理（截至 {day}）：移出 {report.removed} 家，自动延长 {report.extended} 家。")
    for line in report.lines:
        click.echo(f"  {line}")


def init_app(app: Flask) -> None:
    app.cli.add_command(blacklist_cli)
