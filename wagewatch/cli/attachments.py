"""Thin click commands over the evidence attachments: the integrity check of the stored files."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from wagewatch.files.storage import attachment_folder
from wagewatch.services.documents.attachments import verify_store

attachments_cli = AppGroup("attachments", help="Evidence attachments.")


@attachments_cli.command("verify")
def verify_command() -> None:
    """Re-hash every stored attachment; list missing or altered files (exit code 1 if any)."""
    report = verify_store()
    click.echo(f"存储目录：{attachment_folder()}")
    for label, problems in (("缺失", report.missing), ("已被改动", report.altered)):
        for sha256, ids in problems.items():
            click.echo(f"{label}：{sha256}（材料编号 {', '.join(map(str, ids))}）", err=True)
    click.echo(f"已校验 {report.checked} 个文件：缺失 {len(report.missing)} 个，"
               f"被改动 {len(report.altered)} 个。")
    if not report.ok:
        raise SystemExit(1)


def init_app(app: Flask) -> None:
    app.cli.add_command(attachments_cli)
