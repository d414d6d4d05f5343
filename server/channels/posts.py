"""What a post says, in the channel's language, before it is shaped for Teams (`cards.py`) or Slack
(`blocks.py`): a line above the title, the title, a few facts, a list (the shelf) and one button into
the app.

Nothing personal is ever said: no author (an anonymous lesson's least of all: a lesson's post names
nobody), no host, no names of who is coming or who saved what, no minutes anyone logged.
"""

from dataclasses import dataclass, field
from datetime import datetime

from babel.dates import format_datetime
from flask_babel import force_locale, gettext, ngettext
from flask_babel import lazy_gettext as _l

from ..clock import as_utc, zone

KIND_NAMES = {
    "podcast": _l("Podcast"),
    "article": _l("Article"),
    "webinar": _l("Webinar"),
    "course": _l("Course"),
    "book": _l("Book"),
    "video": _l("Video"),
    "other": _l("Other"),
}
TITLE_LENGTH = 150  # Slack's header block holds 150 characters


@dataclass(frozen=True)
class Item:
    title: str
    meta: str
    link: str


@dataclass(frozen=True)
class Post:
    what: str  # session | lesson | shelf | test
    lang: str
    overline: str
    title: str
    text: str  # the whole post as one plain line: notifications and clients that show no cards
    facts: list[tuple[str, str]] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    button: tuple[str, str] | None = None  # (label, link into the app)


def short(text: str, limit: int = TITLE_LENGTH) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def length(minutes: int | None) -> str | None:
    if not minutes:
        return None
    hours, rest = divmod(int(minutes), 60)
    if not hours:
        return gettext("%(minutes)d min", minutes=rest)
    if not rest:
        return gettext("%(hours)d h", hours=hours)
    return gettext("%(hours)d h %(minutes)d min", hours=hours, minutes=rest)


def _when(starts: datetime, ends: datetime | None, tz, lang: str) -> str:
    start = as_utc(starts).astimezone(tz)
    words = format_datetime(start, "EEEE d MMMM HH:mm", tzinfo=tz, locale=lang)
    words = words[:1].upper() + words[1:]
    if ends is not None:
        end = as_utc(ends).astimezone(tz)
        pattern = "HH:mm" if end.date() == start.date() else "EEEE d MMMM HH:mm"
        words += "–" + format_datetime(end, pattern, tzinfo=tz, locale=lang)
    return words


def session_post(session, coming: int, *, timezone: str, lang: str, link) -> Post:
    """A new knowledge session: when (in the organisation's zone), where, places left, and Join."""
    with force_locale(lang):
        when = _when(session.starts_at, session.ends_at, zone(timezone), lang)
        where = session.place or gettext("The place is not set yet")
        if session.capacity is None:
            places = gettext("Open to everyone")
        else:
            left = max(0, session.capacity - coming)
            places = ngettext(
                "%(num)d of %(capacity)d place left",
                "%(num)d of %(capacity)d places left",
                left,
                capacity=session.capacity,
            )
        title = short(session.title)
        overline = gettext("New knowledge session")
        return Post(
            "session",
            lang,
            overline,
            title,
            text=f"{overline}: {title} · {when} · {where} · {places}",
            facts=[(gettext("When"), when), (gettext("Where"), where), (gettext("Places"), places)],
            button=(gettext("Join"), link(f"/sessions/{session.id}")),
        )


def lesson_post(lesson, tags: list[str], *, lang: str, link) -> Post:
    """A lesson as it is published: its title and whether it was a success or a failure. Never who
    wrote it: the lesson is handed over with its author, and this is where that stops."""
    with force_locale(lang):
        outcome = gettext("A success") if lesson.outcome == "success" else gettext("A failure")
        title = short(lesson.title)
        overline = gettext("Lesson learned")
        facts = [(gettext("Outcome"), outcome)]
        if tags:
            facts.append((gettext("Tags"), ", ".join(tags[:8])))
        return Post(
            "lesson",
            lang,
            overline,
            title,
            text=f"{overline}: {title} · {outcome}",
            facts=facts,
            button=(gettext("Read the lesson"), link(f"/lessons/{lesson.id}")),
        )


def shelf_post(top: list[dict], *, lang: str, link) -> Post:
    """The Monday shelf: the week's five most saved and "worth it" items, each with its kind and length."""
    with force_locale(lang):
        items = []
        for item in top:
            meta = [str(KIND_NAMES.get(item["kind"], KIND_NAMES["other"]))]
            if minutes := length(item.get("duration_minutes")):
                meta.append(minutes)
            items.append(Item(short(item["title"], 120), " · ".join(meta), link(f"/bank/{item['id']}")))
        overline = gettext("The Monday shelf")
        title = gettext("Most saved and worth it this week")
        listed = "; ".join(f"{i.title} ({i.meta})" for i in items)
        return Post(
            "shelf",
            lang,
            overline,
            title,
            text=f"{overline}: {listed}",
            items=items,
            button=(gettext("Open the bank"), link("/bank")),
        )


def test_post(events: list[str], *, lang: str, link) -> Post:
    with force_locale(lang):
        names = {
            "sessions": gettext("new knowledge sessions"),
            "lessons": gettext("lessons learned"),
            "shelf": gettext("the Monday shelf"),
        }
        listed = ", ".join(names[e] for e in events) or gettext("nothing yet")
        title = gettext("This channel is connected to Learning Hour")
        what = gettext("Posted here: %(events)s.", events=listed)
        return Post(
            "test",
            lang,
            "Learning Hour",
            title,
            text=f"{title}. {what}",
            facts=[(gettext("Posts"), listed)],
            button=(gettext("Open Learning Hour"), link("/")),
        )
