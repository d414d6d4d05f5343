"""How many knowledge sessions a group of people hosted and attended each week: counts only, for
team and organisation totals. Read-only.

Hosted: sessions that have started, hosted by someone counted in the group that week (the week of
the start in the organisation's zone). Attended: the sessions group members marked "I was there",
found by the attendance entries' own ids (one per session and person), in the week the log puts them.
"""

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from sqlalchemy import DateTime, literal, select

from ..clock import as_utc, start_of_day, utcnow, week_start_of, zone
from ..extensions import db
from ..log import service as log
from . import service  # attribute looked up at call time: service re-exports this module
from .models import KnowledgeSession

CHUNK = 5000  # ids per IN list: well inside every database's limit on bound parameters


def _counts_in(spans: dict[int, list[tuple[date, date]]], user_id: int, week: date) -> bool:
    return any(start <= week <= end for start, end in spans.get(user_id, ()))


def session_week_counts(
    organisation_id: int,
    members: Iterable[tuple[int, date, date]],
    first_week: date,
    last_week: date,
    zone_name: str,
    now: datetime | None = None,
) -> dict[date, dict[str, int]]:
    """{week_start: {"hosted": n, "attended": n}} for every week from `first_week` to `last_week`;
    `members` are (user_id, first_week, last_week) spans of the people in the group."""
    spans: dict[int, list[tuple[date, date]]] = {}
    for user_id, start, end in members:
        spans.setdefault(user_id, []).append((start, end))
    weeks = {
        first_week + timedelta(weeks=i): {"hosted": 0, "attended": 0}
        for i in range((last_week - first_week).days // 7 + 1)
    }
    if not spans:
        return weeks
    tz = zone(zone_name)
    moment = literal(as_utc(now or utcnow()), DateTime(timezone=True))
    # Attendance can be logged for a session of the week before (late evening in another zone).
    since = start_of_day(first_week - timedelta(weeks=1), zone_name)
    until = start_of_day(last_week + timedelta(weeks=1), zone_name)
    held = db.session.execute(
        select(KnowledgeSession.id, KnowledgeSession.host_id, KnowledgeSession.starts_at).where(
            KnowledgeSession.organisation_id == organisation_id,
            KnowledgeSession.starts_at >= since,
            KnowledgeSession.starts_at < until,
            KnowledgeSession.starts_at <= moment,
        )
    ).all()
    for _id, host_id, starts_at in held:
        week = week_start_of(as_utc(starts_at).astimezone(tz).date())
        if week in weeks and host_id is not None and _counts_in(spans, host_id, week):
            weeks[week]["hosted"] += 1
    ids = [service.attended_entry_id(session_id, user_id) for session_id, *_ in held for user_id in spans]
    for chunk in (ids[i : i + CHUNK] for i in range(0, len(ids), CHUNK)):
        rows = db.session.execute(select(log.Entry.user_id, log.Entry.week_start).where(log.Entry.id.in_(chunk)))
        for user_id, week in rows:
            if week in weeks and _counts_in(spans, user_id, week):
                weeks[week]["attended"] += 1
    return weeks
