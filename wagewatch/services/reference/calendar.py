"""The working-day calendar as configured: the package's official years plus the admin's overrides."""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo

from flask import current_app, g, has_app_context
from sqlalchemy import text

from wagewatch.extensions import db
from wagewatch.models import CalendarOverride, CalendarYear, DayKind, utcnow
from wagewatch.rules.clock import CHINA_ZONE_NAME, local_date, zone_named
from wagewatch.rules.working_days import WorkingDayCalendar


#: app.extensions key: the process's calendar and the version of the tables it was read at.
CACHE_KEY = "wagewatch.working_day_calendar"
#: g key: this app context changed the calendar tables; its transaction may yet roll back.
CHANGED_KEY = "working_day_calendar_changed"


#: What identifies the calendar tables' contents, from their aggregates (never their rows): the
#: overrides' count, highest id, sum of ids, sum of the make-up days' ids and latest entry; the
#: complete years' count, sum and latest completion. Overrides are only added and deleted (never
#: edited) and years marked complete or reopened, so every edit changes one of these: an addition
#: or a deletion the count; one of each the highest id, the sum of ids or, where the new row takes
#: the deleted row's id (SQLite), the latest entry. Plain SQL, the same on both backends: built
#: from SQLAlchemy expressions the check cost more than the two reads of the rows it spares.
VERSION = text("""
    SELECT o.n, o.last_id, o.ids, o.workday_ids, o.last_at, y.n, y.years, y.last_at
    FROM (SELECT count(*) AS n, max(id) AS last_id, sum(id) AS ids,
                 sum(CASE WHEN kind = 'workday' THEN id ELSE 0 END) AS workday_ids,
                 max(created_at) AS last_at
          FROM calendar_override) AS o,
         (SELECT count(*) AS n, sum(year) AS years, max(completed_at) AS last_at
          FROM calendar_year WHERE complete) AS y""")


def calendar_version() -> tuple:
    """The calendar tables' version (:data:`VERSION`), in one statement."""
    return tuple(db.session.execute(VERSION).one())


def _read_calendar() -> WorkingDayCalendar:
    rows = db.session.execute(db.select(CalendarOverride.day, CalendarOverride.kind)).all()
    complete = db.session.scalars(db.select(CalendarYear.year).where(CalendarYear.complete)).all()
    return WorkingDayCalendar({day: kind == DayKind.WORKDAY for day, kind in rows},
                              frozenset(complete))


def current_calendar() -> WorkingDayCalendar:
    """The overrides and the years marked complete, read once per request and kept by the process
    while :func:`calendar_version` is unchanged: a request checks the version (one small
    statement) and reads the rows only after an edit, from whichever process it came.

    The version is read before the rows, so a copy is never labelled newer than what it holds.
    After this app context changed the tables (:func:`forget_calendar`) the calendar is read
    afresh and not kept: the change may still roll back. A rolled-back copy cannot be reused:
    its version stays the version of rows that no longer exist."""
    if "working_day_calendar" in g:
        return g.working_day_calendar
    if g.get(CHANGED_KEY):
        calendar = _read_calendar()
    else:
        version = calendar_version()
        kept = current_app.extensions.get(CACHE_KEY)
        if kept is not None and kept[0] == version:
            calendar = kept[1]
        else:
            calendar = _read_calendar()
            current_app.extensions[CACHE_KEY] = (version, calendar)
    g.working_day_calendar = calendar
    return calendar


def forget_calendar() -> None:
    """Drop the per-request copy after the overrides or years changed; the rest of this app
    context reads them afresh (the process's copy is replaced once the version shows the change
    committed)."""
    if has_app_context():
        g.pop("working_day_calendar", None)
        g.setdefault(CHANGED_KEY, True)


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
