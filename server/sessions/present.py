"""Sessions as a given person sees them: who hosts, how many are coming, places left, whether they
are coming or were there, what to read first, the series, and (for the host) their preparation."""

from datetime import datetime

from ..accounts import service as accounts
from ..clock import as_utc, utcnow
from ..fields import View
from ..log import service as log
from .models import KnowledgeSession, SessionSeries
from .service import (
    attended_entry_id,
    attending_ids,
    may_edit,
    may_edit_series,
    moved_from,
    preparation_entry_id,
    resources_of,
    rsvp_counts,
    series_of,
)


def describe_many(sessions: list[KnowledgeSession], viewer, now: datetime | None = None) -> list[View]:
    now = now or utcnow()
    ids = [s.id for s in sessions]
    counts = rsvp_counts(ids)
    mine = attending_ids(viewer, ids)
    reading = resources_of(ids)
    series = series_of(ids)
    hosts = accounts.users_by_id([s.host_id for s in sessions if s.host_id is not None])
    # What the viewer logged of these sessions (attended, or preparing those they host), in one query;
    # only sessions that have started can have been attended.
    attended_ids = {s.id: attended_entry_id(s.id, viewer.id) for s in sessions if as_utc(s.starts_at) <= now}
    preparation_ids = {s.id: preparation_entry_id(s.id, viewer.id) for s in sessions if s.host_id == viewer.id}
    logged = log.minutes_of_entries(viewer, [*attended_ids.values(), *preparation_ids.values()])
    views = []
    for session in sessions:
        coming = counts.get(session.id, 0)
        started = as_utc(session.starts_at) <= now
        views.append(
            View(
                session,
                host=hosts.get(session.host_id),
                rsvp_count=coming,
                places_left=None if session.capacity is None else max(session.capacity - coming, 0),
                attending=session.id in mine,
                started=started,
                ended=as_utc(session.finishes_at) <= now,
                can_edit=may_edit(viewer, session),
                cancelled=session.cancelled_at is not None,
                series=series[session.id][0] if session.id in series else None,
                moved_from=moved_from(session, *series[session.id], viewer.locale) if session.id in series else None,
                resources=reading.get(session.id, []),
                attended=attended_ids.get(session.id) in logged,
                preparation_minutes=logged.get(preparation_ids[session.id]) if session.host_id == viewer.id else None,
            )
        )
    return views


def describe(session: KnowledgeSession, viewer) -> View:
    return describe_many([session], viewer)[0]


def describe_series(series: SessionSeries, viewer) -> View:
    return View(series, can_edit=may_edit_series(viewer, series))
