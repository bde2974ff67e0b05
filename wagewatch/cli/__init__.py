"""The `flask` commands, thin over the services: each module registers its own group."""

from __future__ import annotations

from flask import Flask

from wagewatch.cli import admin, attachments, blacklist, exports, instruments, jobs, reports, rules


def init_app(app: Flask) -> None:
    """Register every command group on the app (`flask --app wsgi --help` lists them)."""
    for module in (admin, rules, exports, reports, blacklist, instruments, attachments, jobs):
        module.init_app(app)
