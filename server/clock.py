"""Time as the whole app keeps it: aware UTC moments, each person's own zone, ISO weeks.

The only copy of these rules, and the app's one clock: every feature asks `utcnow()` (never
`datetime.now()` or `date.today()`), so that a test, or a process whose clock is moved, decides the day.
"""

import re
import threading
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

WEEK_LABEL = re.compile(r"^(\d{4})-W(\d{2})$")


class _Setting:
    """What the clock was set to: a moment it stands still at, or a distance from the real clock that
    it keeps while time goes on. Process-wide on purpose: a live server's threads see what a test set."""

    lock = threading.Lock()
    frozen: datetime | None = None
    shift = timedelta(0)


def utcnow() -> datetime:
    frozen = _Setting.frozen
    return frozen if frozen is not None else datetime.now(UTC) + _Setting.shift


def set_now(moment: datetime | None, *, ticking: bool = False) -> None:
    """Set the app's clock to `moment` (aware), standing still or `ticking` on from there; None puts it
    back on the real clock. For tests: production never calls it."""
    if moment is not None and moment.tzinfo is None:
        raise ValueError("set_now needs an aware moment")
    with _Setting.lock:
        if moment is None:
            _Setting.frozen, _Setting.shift = None, timedelta(0)
        elif ticking:
            _Setting.frozen, _Setting.shift = None, moment.astimezone(UTC) - datetime.now(UTC)
        else:
            _Setting.frozen, _Setting.shift = moment.astimezone(UTC), timedelta(0)


def advance(delta: timedelta) -> datetime:
    """Move the app's clock on by `delta`, standing or ticking; returns the new now."""
    with _Setting.lock:
        if _Setting.frozen is not None:
            _Setting.frozen += delta
        else:
            _Setting.shift += delta
    return utcnow()


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
