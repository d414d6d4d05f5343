"""iCalendar (RFC 5545) text for a list of events: CRLF line ends, lines folded at 75 octets,
TEXT values escaped, times in UTC."""

from datetime import UTC, datetime

from ..clock import utcnow

PRODID = "-//Learning Hour//Knowledge sessions//EN"
LINE_OCTETS = 75


def escape_text(value: str) -> str:
    """A TEXT value: backslash, semicolon and comma escaped, any line break as \\n."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")
    # Other control characters are not allowed in a content line.
    return "".join(ch for ch in value if ch == "\t" or ord(ch) >= 0x20 and ord(ch) != 0x7F)


def fold(line: str) -> str:
    """Split a content line into lines of at most 75 octets, never inside a UTF-8 character;
    each continuation starts with a space (which counts towards its 75)."""
    parts: list[str] = []
    current, size, limit = [], 0, LINE_OCTETS
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > limit:
            parts.append("".join(current))
            current, size, limit = [], 0, LINE_OCTETS - 1
        current.append(ch)
        size += width
    parts.append("".join(current))
    return "\r\n ".join(parts)


def utc_stamp(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def event_lines(event: dict, stamp: datetime) -> list[str]:
    """`event`: uid, starts_at, ends_at, summary, and optionally description, location, url, updated_at,
    status (CONFIRMED or CANCELLED: calendar apps strike out or drop a cancelled event)."""
    lines = [
        "BEGIN:VEVENT",
        f"UID:{event['uid']}",
        f"DTSTAMP:{utc_stamp(stamp)}",
        f"DTSTART:{utc_stamp(event['starts_at'])}",
        f"DTEND:{utc_stamp(event['ends_at'])}",
        f"SUMMARY:{escape_text(event['summary'])}",
    ]
    if event.get("description"):
        lines.append(f"DESCRIPTION:{escape_text(event['description'])}")
    if event.get("location"):
        lines.append(f"LOCATION:{escape_text(event['location'])}")
    if event.get("url"):
        lines.append(f"URL:{event['url']}")
    if event.get("updated_at"):
        lines.append(f"LAST-MODIFIED:{utc_stamp(event['updated_at'])}")
    if event.get("status"):
        lines.append(f"STATUS:{event['status']}")
    lines.append("END:VEVENT")
    return lines


def calendar(events: list[dict], *, name: str, stamp: datetime | None = None) -> str:
    stamp = stamp or utcnow()
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for event in events:
        lines.extend(event_lines(event, stamp))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
