"""The working-day calendar as configured: the package's official years plus the admin's overrides."""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo

from flask import current_app, g, has_app_context

from wagewatch.extensions import db
from wagewatch.models import CalendarOverride, CalendarYear, DayKind, utcnow
from wagewatch.rules.clock import CHINA_ZONE_NAME, local_date, zone_named
from wagewatch.rules.working_days import WorkingDayCalendar


def current_calendar() -> WorkingDayCalendar:
    """Load the overrides and the years marked complete once per request (they change a few
    times a year)."""
    if has_app_context() and "working_day_calendar" in g:
        return g.working_day_calendar
    rows = db.session.execute(db.select(CalendarOverride.day, CalendarOverride.kind)).all()
    complete = db.session.scalars(db.select(CalendarYear.year).where(CalendarYear.complete)).all()
    calendar = WorkingDayCalendar({day: kind == DayKind.WORKDAY for day, kind in rows},
                                  frozenset(complete))
    if has_app_context():
        g.working_day_calendar = calendar
    return calendar


def forget_calendar() -> None:
    """Drop the per-request copy after the overrides changed."""
    if has_app_context():
        g.pop("working_day_calendar", None)


def app_zone() -> tzinfo:
    """The configured TIMEZONE (Asia/Shanghai unless set otherwise)."""
    name = current_app.config.get("TIMEZONE", CHINA_ZONE_NAME) if has_app_context() else CHINA_ZONE_NAME
    return zone_named(name)


def today() -> date:
    """Today in China (the configured TIMEZONE), whatever the server's own zone: the day every
    deadline, default date and "not in the future" check is judged on."""
    return local_date(utcnow(), app_zone())


def local_datetime(value: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """A UTC timestamp shown in Beijing time, or an empty string."""
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(app_zone()).strftime(fmt)
