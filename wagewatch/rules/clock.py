"""Beijing time (UTC+8): the zone in which deadlines are counted and times are shown."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone

CHINA_TZ = timezone(timedelta(hours=8), "CST")


def day_start_utc(day: date) -> datetime:
    """Midnight at the start of ``day`` in Beijing, as an aware UTC datetime."""
    return datetime.combine(day, time.min, tzinfo=CHINA_TZ).astimezone(UTC)


def day_end_utc(day: date) -> datetime:
    """Midnight after ``day`` in Beijing (exclusive end of the day), as aware UTC."""
    return day_start_utc(day + timedelta(days=1))
