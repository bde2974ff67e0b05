"""`flask rules run`: re-evaluate every case's flags, set-based, as of a day (daily by cron)."""

from __future__ import annotations

import time
from datetime import datetime

import click
from flask import Flask
from flask.cli import AppGroup

from wagewatch.services.flags.evaluation import run_all
from wagewatch.services.flags.evaluation_processes import default_processes
from wagewatch.services.reference.calendar import today

rules_cli = AppGroup("rules", help="Evaluate the blacklist and police-referral rules.")


@rules_cli.command("run")
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="The day the rules judge deadlines on (default: today in China).")
@click.option("--all", "everything", is_flag=True,
              help="Judge every employer, not only those changed since the last run.")
@click.option("--processes", type=click.IntRange(min=1), default=default_processes,
              show_default="one per CPU, at most 2",
              help="Processes sharing the batches on PostgreSQL (SQLite: always one).")
def run_rules_command(as_of: datetime | None, everything: bool, processes: int) -> None:
    """Re-evaluate the employers whose facts or deadlines changed since the last run (every
    case that can carry a payment order with --all) and store what changed."""
    day = as_of.date() if as_of else today()
    started = time.monotonic()
    report = run_all(day, everything=everything, processes=processes)
    click.echo(f"规则评估（截至 {day}，{'全部' if everything else '仅变化部分'}）："
               f"涉及用人单位 {report.employers} 个、案件 {report.evaluated} 件，"
               f"逐案判断 {report.judged} 件，新增标记 {report.raised} 项，"
               f"解除标记 {report.cleared} 项，变更记录 {report.changed} 条，"
               f"用时 {time.monotonic() - started:.1f} 秒。")


def init_app(app: Flask) -> None:
    app.cli.add_command(rules_cli)
