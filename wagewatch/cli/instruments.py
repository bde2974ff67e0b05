"""`flask instruments build-templates`: write each kind's default .docx template from its spec."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from wagewatch.instruments.build import build_all

instruments_cli = AppGroup("instruments", help="Instruments (执法文书).")


@instruments_cli.command("build-templates")
def build_templates_command() -> None:
    """Rebuild wagewatch/instruments/templates/*.docx from the specs (commit the result)."""
    for path in build_all():
        click.echo(str(path))


def init_app(app: Flask) -> None:
    app.cli.add_command(instruments_cli)
