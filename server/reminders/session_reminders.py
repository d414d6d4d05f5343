"""Knowledge-session notices to those who joined, by push and/or e-mail as their reminders go: a
reminder the day before, and word when a session is cancelled. In the person's language and zone,
once per person, session and kind.

Both respect the person's reminder settings: reminders on, a way to reach them (a device behind a
push service that is not paused, or e-mail), and not away on the session's day. The day-before reminder is due from the
person's reminder time on the day before the session (in their zone) until that day ends; word of a
cancellation as soon as a worker sees it, until the session would have started.

Each run first makes the next sessions of every series, so that those appear on their own even when
nobody opens the app.
"""

import json
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from babel.dates import format_datetime
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from ..accounts import service as accounts
from ..clock import as_utc, zone
from ..extensions import db
from ..log import service as log_service
from ..sessions import service as sessions
from . import channels, delivery, messages, notices, session_claims
from .models import ReminderPreference

LOOK_AHEAD = timedelta(hours=50)  # "tomorrow" is at most 48 hours ahead, in any zone
TITLE_MAX = 100


@dataclass
class Candidate:
    kind: str  # day_before | cancelled
    session: object
    user: object
    way: channels.Route

    @property
    def key(self) -> session_claims.Key:
        return (self.session.id, self.user.id, self.kind)


def _preferences(user_ids) -> dict[int, ReminderPreference]:
    ids = sorted(set(user_ids))
    return (
        {
            p.user_id: p
            for p in db.session.scalars(
                select(ReminderPreference).where(
                    ReminderPreference.user_id.in_(ids), ReminderPreference.enabled.is_(True)
                )
            )
        }
        if ids
        else {}
    )


def _in_window(kind: str, session, user, preference: ReminderPreference, now: datetime) -> bool:
    if kind == "cancelled":
        return True
    tz = zone(user.timezone)
    day = as_utc(session.starts_at).astimezone(tz).date()
    opens = datetime.combine(day - timedelta(days=1), preference.time, tzinfo=tz)
    return opens <= now < datetime.combine(day, time(0), tzinfo=tz)


def _local_day(candidate: Candidate):
    return as_utc(candidate.session.starts_at).astimezone(zone(candidate.user.timezone)).date()


def due_notices(now: datetime, paused: set[str]) -> tuple[list[Candidate], int]:
    """The notices due at `now` that no worker has claimed yet, and how many wait for a paused push service."""
    candidates = [("day_before", s, people) for s, people in sessions.joined_starting_between(now, now + LOOK_AHEAD)]
    candidates += [("cancelled", s, people) for s, people in sessions.cancelled_with_people(now)]
    everyone = {uid for _, _, people in candidates for uid in people}
    preferences = _preferences(everyone)
    users = {i: u for i, u in accounts.users_by_id(preferences).items() if u.is_active}
    subscriptions = delivery.subscriptions_by_user(users)
    found, waiting = [], 0
    for kind, session, people in candidates:
        for user_id in people:
            user = users.get(user_id)
            if user is None or not _in_window(kind, session, user, preferences[user_id], now):
                continue
            way = channels.route(preferences[user_id], subscriptions.get(user_id, []), paused, channels.REMINDER)
            if way is None:
                continue
            if way.waiting:
                waiting += 1
                continue
            found.append(Candidate(kind, session, user, way))
    taken = session_claims.BOOK.claimed(n.key for n in found)
    unclaimed = [n for n in found if n.key not in taken]
    away = log_service.away_on({(n.user.id, _local_day(n)) for n in unclaimed})
    fresh = [n for n in unclaimed if (n.user.id, _local_day(n)) not in away]
    return fresh, waiting


def _short(text: str) -> str:
    return text if len(text) <= TITLE_MAX else text[: TITLE_MAX - 1] + "…"


def payload(notice: Candidate) -> bytes:
    """What the service worker shows: in the person's language, times in their zone."""
    user, session = notice.user, notice.session
    locale = user.locale if user.locale in messages.LOCALES else "en"
    starts = as_utc(session.starts_at)
    tz = zone(user.timezone)
    with force_locale(locale):
        if notice.kind == "day_before":
            title = _("Tomorrow: %(title)s", title=_short(session.title))
            body = " · ".join(
                filter(None, [format_datetime(starts, "HH:mm", tzinfo=tz, locale=locale), _short(session.place or "")])
            )
        else:
            title = _("Cancelled: %(title)s", title=_short(session.title))
            body = _(
                "The session on %(when)s will not take place.",
                when=format_datetime(starts, "EEEE d MMMM HH:mm", tzinfo=tz, locale=locale),
            )
    message = {
        "title": title,
        "body": body,
        "url": f"/sessions/{session.id}",
        "tag": f"session-{session.id}",
        "kind": f"session_{notice.kind}",
        "actions": [],
    }
    return json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode()


def session_mail(candidate: Candidate) -> notices.Mail:
    session, user = candidate.session, candidate.user
    return notices.Mail(
        f"session_{candidate.kind}",
        {
            "title": _short(session.title),
            "starts_at": as_utc(session.starts_at).isoformat(),
            "place": _short(session.place or "") or None,
            "path": f"/sessions/{session.id}",
            "timezone": user.timezone,
        },
        unsubscribe=f"/unsubscribe/{messages.unsubscribe_token(user.id, channels.REMINDER)}",
    )


def run(now: datetime) -> dict:
    """One run: make series' next sessions, then send the notices due. Commits as it goes (claims
    before sending, results after), as the weekly reminder's run does."""
    sessions.materialise_all(now=now)
    db.session.commit()
    paused = delivery.paused_origins()
    found, waiting = due_notices(now, paused)
    counts = {"due": len(found), "claimed": 0, "waiting": waiting, "sent": 0, "mailed": 0, "released": 0}
    ready = [
        notices.Notice(
            c.key,
            c.user,
            devices=c.way.devices,
            push=payload(c) if c.way.devices else None,
            topic=f"session-{c.session.id}",
            mail=session_mail(c) if c.way.mail else None,
        )
        for c in found
    ]
    notices.deliver(ready, session_claims.BOOK, "session", paused, counts)
    return counts
