"""The person's calendar as iCalendar (RFC 5545), made with `icalendar`: the knowledge sessions they
joined (in UTC) and their weekly learning block (a weekly rule in their own zone, with the zone's
VTIMEZONE, so 14:00 stays 14:00 on both sides of a daylight-saving change).

Plain functions of plain values: the service gathers them, routes answer the bytes.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from icalendar import Alarm, Calendar, Event

from ..clock import as_utc, week_start_of, zone

PRODID = "-//Learning Hour//Calendar//EN"
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")  # RRULE's BYDAY, ISO order
ALARM_BEFORE = timedelta(minutes=10)
REFRESH = timedelta(hours=1)  # how often subscribed calendar apps are asked to fetch the feed again


@dataclass(frozen=True)
class Block:
    """The learning block as the feed needs it."""

    user_id: int
    weekday: int  # 1 = Monday … 7 = Sunday
    time: time
    minutes: int
    timezone: str
    sequence: int
    updated_at: datetime  # UTC: DTSTAMP and LAST-MODIFIED, and the week of the first occurrence
    summary: str
    description: str


def block_uid(user_id: int) -> str:
    return f"learning-block-{user_id}@learning-hour"


def first_start(block: Block) -> datetime:
    """The block's weekday in the week it was last set, at its local time: the first occurrence.
    It moves only when the block does, so calendar apps see the same event on every fetch."""
    tz = zone(block.timezone)
    monday = week_start_of(as_utc(block.updated_at).astimezone(tz).date())
    return datetime.combine(monday + timedelta(days=block.weekday - 1), block.time, tzinfo=tz)


def block_event(block: Block) -> Event:
    start = first_start(block)
    event = Event()
    event.add("uid", block_uid(block.user_id))
    event.add("dtstamp", as_utc(block.updated_at))
    event.add("last-modified", as_utc(block.updated_at))
    event.add("sequence", block.sequence)
    event.add("dtstart", start)
    # Wall-clock arithmetic within the zone: the end keeps its local time, like the start.
    event.add("dtend", start + timedelta(minutes=block.minutes))
    event.add("rrule", {"freq": "weekly", "byday": WEEKDAYS[block.weekday - 1]})
    event.add("summary", block.summary)
    event.add("description", block.description)
    event.add("transp", "OPAQUE")  # busy: the hour is kept free for learning
    event.add("class", "PRIVATE")
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", -ALARM_BEFORE)
    alarm.add("description", block.summary)
    event.add_component(alarm)
    return event


def session_event(session, stamp: datetime) -> Event:
    """A knowledge session the person joined; a cancelled one stays, marked, until it would have ended."""
    event = Event()
    event.add("uid", f"knowledge-session-{session.id}@learning-hour")
    event.add("dtstamp", as_utc(stamp))
    event.add("dtstart", as_utc(session.starts_at))
    event.add("dtend", as_utc(session.finishes_at))
    event.add("summary", session.title)
    if session.description:
        event.add("description", session.description)
    if session.place:
        event.add("location", session.place)
    if session.updated_at:
        event.add("last-modified", as_utc(session.updated_at))
    event.add("status", "CANCELLED" if session.cancelled_at else "CONFIRMED")
    return event


def calendar(events: list[Event], *, name: str) -> bytes:
    """A published calendar of the events, each zone they use described by its VTIMEZONE."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT1H")  # Outlook's name for the same
    for event in events:
        cal.add_component(event)
    starts = [e.decoded("dtstart") for e in events]
    if starts:
        first = min(s.date() if isinstance(s, datetime) else s for s in starts)
        # The zone's rules from just before the first event, twenty years on.
        cal.add_missing_timezones(first_date=first - timedelta(days=7), last_date=date(first.year + 20, 1, 1))
    return cal.to_ical()
