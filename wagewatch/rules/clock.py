"""China time: the zone in which "today", deadlines and displayed times are counted."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

CHINA_ZONE_NAME = "Asia/Shanghai"
#: Asia/Shanghai has been UTC+8 all year since 1991; a fixed offset needs no time-zone database.
CHINA_TZ = timezone(timedelta(hours=8), "CST")


def zone_named(name: str) -> tzinfo:
    """The zone of a TIMEZONE setting (an IANA name); Beijing time for ``Asia/Shanghai``."""
    return CHINA_TZ if name == CHINA_ZONE_NAME else ZoneInfo(name)


def local_date(moment: datetime, zone: tzinfo = CHINA_TZ) -> date:
    """The calendar date of an aware moment in ``zone`` (Beijing by default): 16:30 UTC on
    10 March is already 11 March in China."""
    if moment.tzinfo is None:
        raise ValueError("a naive datetime has no date in China; use an aware datetime")
    return moment.astimezone(zone).date()


def day_start_utc(day: date, zone: tzinfo = CHINA_TZ) -> datetime:
    """Midnight at the start of ``day`` in Beijing, as an aware UTC datetime."""
    return datetime.combine(day, time.min, tzinfo=zone).astimezone(UTC)


def day_end_utc(day: date, zone: tzinfo = CHINA_TZ) -> datetime:
    """Midnight after ``day`` in Beijing (exclusive end of the day), as aware UTC."""
    return day_start_utc(day + timedelta(days=1), zone)
