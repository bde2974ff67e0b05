"""The working-day calendar as configured: the package's official years plus the admin's overrides."""

from __future__ import annotations

from datetime import date

from flask import g, has_app_context

from wagewatch.extensions import db
from wagewatch.models import CalendarOverride, DayKind, utcnow
from wagewatch.rules.clock import CHINA_TZ
from wagewatch.rules.working_days import WorkingDayCalendar


def current_calendar() -> WorkingDayCalendar:
    """Load the overrides once per request (they change a few times a year)."""
    if has_app_context() and "working_day_calendar" in g:
        return g.working_day_calendar
    rows = db.session.execute(db.select(CalendarOverride.day, CalendarOverride.kind)).all()
    calendar = WorkingDayCalendar({day: kind == DayKind.WORKDAY for day, kind in rows})
    if has_app_context():
        g.working_day_calendar = calendar
    return calendar


def forget_calendar() -> None:
    """Drop the per-request copy after the overrides changed."""
    if has_app_context():
        g.pop("working_day_calendar", None)


def today() -> date:
    """Today in China (UTC+8), the day every deadline is judged on."""
    return utcnow().astimezone(CHINA_TZ).date()
