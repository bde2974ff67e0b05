"""Jinja filters shared by every template: local times and labels."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from flask import Flask

#: China Standard Time; the database stores UTC.
CHINA_TZ = timezone(timedelta(hours=8), "CST")


def local_datetime(value: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """A UTC timestamp shown in Beijing time, or an empty string."""
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(CHINA_TZ).strftime(fmt)


def init_app(app: Flask) -> None:
    app.add_template_filter(local_datetime, "local_dt")
