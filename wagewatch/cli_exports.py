"""`flask cases export --output FILE` (the whole registry, streamed), `flask cases import FILE`."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup

from wagewatch.extensions import db
from wagewatch.models import Role, User
from wagewatch.reports.registry import record_registry_export, write_registry
from wagewatch.services.case_import import ImportRefused, error_rows, import_cases

cases_cli = AppGroup("cases", help="Case registry export and import.")


def command_user(username: str, roles: set[Role], office_code: str | None = None) -> User:
    """The active user a command acts as (recorded in the audit log), of one of ``roles``."""
    user = db.session.scalar(db.select(User).where(User.username == username.lower()))
    if user is None or user.role not in roles or not user.active:
        wanted = "、".join(role.label for role in sorted(roles))
        raise click.ClickException(f"请指定一名在用的{wanted}账户（--as-user）。")
    if office_code and user.office.code != office_code.upper():
        raise click.ClickException(f"{username} 不属于机构 {office_code}。")
    return user


@cases_cli.command("export")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--office", "office_code", default=None, help="Office code; defaults to the user's.")
@click.option("--as-user", "username", required=True,
              help="The clerk or leader the export is recorded under in the audit log.")
def export_cases_command(output: Path, office_code: str | None, username: str) -> None:
    """Write every case of the office with its workers to OUTPUT in the registry (import)
    format; clerks get full ID numbers and phones, leaders masked ones; the export is audited."""
    user = command_user(username, {Role.CLERK, Role.LEADER}, office_code)
    if output.exists():
        raise click.ClickException(f"{output} 已存在，不会覆盖。")
    office = user.office
    unmask = user.role is Role.CLERK  # clerks may reveal ID numbers; leaders read masked ones

    def progress(done: int, total: int) -> None:
        click.echo(f"\r已写入 {done}/{total} 件", nl=False, err=True)

    try:
        count = write_registry(office.id, str(output), unmask=unmask, on_progress=progress)
    except BaseException:
        output.unlink(missing_ok=True)  # never leave half a workbook behind
        raise
    click.echo("", err=True)
    record_registry_export(db.session.merge(user), db.session.merge(office), count,
                           unmask=unmask, via="命令行")
    db.session.commit()
    masking = "完整证件号码" if unmask else "证件号码已脱敏"
    click.echo(f"已导出 {office.name} 的全部 {count} 件案件到 {output}（{masking}）")


@cases_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--as-user", "username", required=True,
              help="The clerk who imports (handler of the cases, recorded in the audit log).")
def import_cases_command(file: Path, username: str) -> None:
    """Import FILE (the registry format) into the clerk's office, all or nothing; the errors
    are printed in Chinese and the command exits non-zero when the file is refused."""
    user = command_user(username, {Role.CLERK})
    try:
        attempt = import_cases(user, file.read_bytes(), file.name)
    except ImportRefused as refused:
        click.echo(f"未导入：{refused.message}", err=True)
        for error in error_rows(refused.attempt):
            if error.row is not None:
                where = f"{error.sheet} 第{error.row}行"
                if error.column:
                    where += f" {error.letter or ''}列（{error.column}）"
                click.echo(f"  {where}：{error.message}", err=True)
        raise SystemExit(1) from None
    click.echo(f"已导入 {attempt.case_count} 件案件、{attempt.worker_count} 名工人（次）；"
               f"新登记用人单位 {attempt.new_contractor_count} 个、项目 {attempt.new_project_count} 个。")


def init_app(app: Flask) -> None:
    app.cli.add_command(cases_cli)
