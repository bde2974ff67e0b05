"""Thin click commands over the services: setup, users, backup, demo data."""

from __future__ import annotations

import sqlite3
import sys
import time
from datetime import datetime
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from wagewatch import demo
from wagewatch.cli.common import command_office
from wagewatch.demo.report import summary_lines
from wagewatch.extensions import db
from wagewatch.models import Office, Role
from wagewatch.services import ServiceError
from wagewatch.services.accounts.users import create_user
from wagewatch.services.reference.setup import ensure_initial_setup

users_cli = AppGroup("users", help="Manage user accounts.")
demo_cli = AppGroup("demo", help="Demo data.")


@click.command("setup")
def setup_command() -> None:
    """Create the default office, townships and first administrator on an empty database."""
    office, password = ensure_initial_setup()
    if office is not None:
        click.echo(f"已创建默认机构：{office.name}（{office.code}）")
    if password is not None:
        click.echo("=" * 60)
        click.echo("已创建首个系统管理员账户（此密码只显示这一次，首次登录后必须修改）：")
        click.echo("  用户名：admin")
        click.echo(f"  一次性密码：{password}")
        click.echo("=" * 60)
    else:
        click.echo("已有用户，无需创建管理员。")


@users_cli.command("create")
@click.argument("username")
@click.option("--role", "role_name", required=True, type=click.Choice([r.value for r in Role]))
@click.option("--office", "office_code", default=None, help="Office code; defaults to the only one.")
@click.option("--name", "display_name", default=None, help="Display name; defaults to USERNAME.")
def create_user_command(username: str, role_name: str, office_code: str | None,
                        display_name: str | None) -> None:
    """Create a user; the password comes from a prompt, or from standard input when piped."""
    offices = db.session.scalars(db.select(Office).order_by(Office.id)).all()
    if office_code:
        office = next((o for o in offices if o.code == office_code.upper()), None)
        if office is None:
            raise click.ClickException(f"没有代码为 {office_code} 的机构。")
    elif len(offices) == 1:
        office = offices[0]
    else:
        raise click.ClickException("有多个机构，请用 --office 指定机构代码。")
    if sys.stdin.isatty():
        password = click.prompt("密码", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\n")
    try:
        user, _ = create_user(username=username, display_name=display_name or username,
                              role=Role(role_name), office=office, password=password)
    except ServiceError as error:
        raise click.ClickException(error.message) from error
    click.echo(f"已创建用户 {user.username}（{user.role.label}，{office.name}），首次登录须修改密码。")


@click.command("backup")
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
def backup_command(target: Path) -> None:
    """Copy the SQLite database with SQLite's online backup API (safe while the app runs)."""
    uri = current_app.config["SQLALCHEMY_DATABASE_URI"]
    if not uri.startswith("sqlite:///"):
        raise click.ClickException("PostgreSQL 请使用 pg_dump 备份。")
    source_path = uri.removeprefix("sqlite:///")
    if target.exists():
        raise click.ClickException(f"{target} 已存在，不会覆盖。")
    with sqlite3.connect(source_path) as source, sqlite3.connect(target) as copy:
        source.backup(copy)
    click.echo(f"已备份到 {target}")


@demo_cli.command("seed")
@click.option("--cases", type=click.IntRange(min=1), default=200, show_default=True)
@click.option("--seed", "seed_value", type=int, default=1, show_default=True)
@click.option("--office", "office_code", default=None, help="Office code; defaults to the only one.")
@click.option("--anchor", type=click.DateTime(["%Y-%m-%d"]), default=str(demo.DEFAULT_ANCHOR),
              show_default=True, help="The demo's today: no event lies after it.")
def demo_seed_command(cases: int, seed_value: int, office_code: str | None,
                      anchor: datetime) -> None:
    """Add CASES deterministic demo cases; with data present they continue the case numbers."""
    office = command_office(office_code)
    click.echo(f"正在为{office.name}生成 {cases} 件演示案件（随机种子 {seed_value}）……")
    started = time.monotonic()
    try:
        summary = demo.seed(cases, seed_value, office, anchor=anchor.date(),
                            progress=lambda done, total: click.echo(f"  已写入 {done}/{total} 件"))
    except demo.DemoRefused as error:
        raise click.ClickException(str(error)) from error
    for line in summary_lines(summary):
        click.echo(line)
    click.echo(f"用时 {time.monotonic() - started:.1f} 秒。")


def init_app(app: Flask) -> None:
    from wagewatch.cli.demo import register as register_demo_commands
    from wagewatch.cli.reminders import reminders_cli

    app.cli.add_command(reminders_cli)

    register_demo_commands(demo_cli)
    app.cli.add_command(setup_command)
    app.cli.add_command(users_cli)
    app.cli.add_command(backup_command)
    app.cli.add_command(demo_cli)
