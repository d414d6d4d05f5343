"""Time as the whole app keeps it: aware UTC moments, each person's own zone, ISO weeks.

The only copy of these rules: every feature imports them from here.
"""

import re
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

WEEK_LABEL = re.compile(r"^(\d{4})-W(\d{2})$")


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(moment: datetime | None) -> datetime | None:
    """Stored times are UTC; SQLite hands them back without a zone."""
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


@lru_cache(maxsize=256)
def zone(name: str | None) -> ZoneInfo:
    """The IANA zone by name; UTC for an empty or unknown name (a bad setting never breaks a week)."""
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def is_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def local_today(zone_name: str | None, now: datetime | None = None) -> date:
    """Today's date in that zone; never the server's own zone."""
    return (now or utcnow()).astimezone(zone(zone_name)).date()


def week_start_of(day: date) -> date:
    """The Monday of the ISO week that holds `day`."""
    return day - timedelta(days=day.weekday())


def iso_week_label(day: date) -> str:
    """ "2026-W53": the ISO year (not always the calendar year around New Year) and week number."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_monday(label: str) -> date | None:
    """The Monday of an ISO week label like "2026-W53", or None when there is no such week."""
    match = WEEK_LABEL.match(label or "")
    if match is None:
        return None
    try:
        return date.fromisocalendar(int(match[1]), int(match[2]), 1)
    except ValueError:
        return None


def start_of_day(day: date, zone_name: str | None) -> datetime:
    """Midnight at the start of `day` in that zone, as a UTC moment."""
    return datetime.combine(day, datetime.min.time(), zone(zone_name)).astimezone(UTC)


def iso(moment: datetime | None) -> str | None:
    """ISO 8601 with the UTC offset, for data exports."""
    return as_utc(moment).isoformat() if moment else None
