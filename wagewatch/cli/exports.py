"""`flask cases export --output FILE` (the whole registry, streamed), `flask cases import FILE`."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup

from wagewatch.cli.common import command_office, command_user, operator
from wagewatch.extensions import db
from wagewatch.models import Role
from wagewatch.readers.upload_checks import WHOLE_REGISTRY
from wagewatch.reports.registry import record_registry_export, write_registry
from wagewatch.services import ServiceError
from wagewatch.services.exports.registry_exports import check_full_ids
from wagewatch.services.imports.case_import import ImportRefused, error_rows, import_cases

cases_cli = AppGroup("cases", help="Case registry export and import.")


@cases_cli.command("export")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--office", "office_code", default=None,
              help="Office code; defaults to the user's, or the only office.")
@click.option("--as-user", "username", default=None,
              help="The clerk or leader the export is made as; without it the operating-system "
                   "account is recorded.")
@click.option("--unmask", is_flag=True,
              help="Full ID numbers and phones: needs --as-user of a user an administrator "
                   "permitted, and --purpose. Without it they are masked.")
@click.option("--purpose", default=None, help="Why full ID numbers are needed (audited).")
def export_cases_command(output: Path, office_code: str | None, username: str | None,
                         unmask: bool, purpose: str | None) -> None:
    """Write every case of the office with its workers to OUTPUT in the registry (import)
    format, masked unless --unmask; the export is audited with its count and purpose."""
    user = command_user(username, {Role.CLERK, Role.LEADER}, office_code) if username else None
    office = user.office if user else command_office(office_code)
    if unmask and user is None:
        raise click.ClickException("完整身份证号码须以获授权的用户导出：请加 --as-user。")
    try:
        purpose = check_full_ids(user, unmask, purpose) if user else None
    except ServiceError as error:
        raise click.ClickException(error.message) from None
    if output.exists():
        raise click.ClickException(f"{output} 已存在，不会覆盖。")
    office_id, via = office.id, "命令行" if user else operator()

    def progress(done: int, total: int) -> None:
        click.echo(f"\r已写入 {done}/{total} 件", nl=False, err=True)

    try:
        count = write_registry(office_id, str(output), unmask=unmask, on_progress=progress)
    except BaseException:
        output.unlink(missing_ok=True)  # never leave half a workbook behind
        raise
    click.echo("", err=True)
    office = db.session.merge(office)
    record_registry_export(db.session.merge(user) if user else None, office, count,
                           unmask=unmask, via=via, purpose=purpose)
    db.session.commit()
    masking = "完整证件号码" if unmask else "证件号码已脱敏"
    click.echo(f"已导出 {office.name} 的全部 {count} 件案件到 {output}（{masking}）")


@cases_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--as-user", "username", required=True,
              help="The clerk who imports (handler of the cases, recorded in the audit log).")
def import_cases_command(file: Path, username: str) -> None:
    """Import FILE (the registry format) into the clerk's office, all or nothing; the errors
    are printed in Chinese and the command exits non-zero when the file is refused. A whole
    registry goes in one run: the web upload's 5 MB and 20,000-row limits do not apply here."""
    user = command_user(username, {Role.CLERK})
    try:
        attempt = import_cases(user, file.read_bytes(), file.name, limits=WHOLE_REGISTRY)
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
