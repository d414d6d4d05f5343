"""Sessions as a given person sees them: who hosts, how many are coming, places left, whether they are."""
from datetime import datetime

from ..accounts import service as accounts
from ..clock import as_utc, utcnow
from ..fields import View
from .models import KnowledgeSession
from .service import attending_ids, may_edit, rsvp_counts


def describe_many(sessions: list[KnowledgeSession], viewer, now: datetime | None = None) -> list[View]:
    now = now or utcnow()
    ids = [s.id for s in sessions]
    counts = rsvp_counts(ids)
    mine = attending_ids(viewer, ids)
    hosts = accounts.users_by_id([s.host_id for s in sessions if s.host_id is not None])
    views = []
    for session in sessions:
        coming = counts.get(session.id, 0)
        views.append(View(
            session, host=hosts.get(session.host_id), rsvp_count=coming,
            places_left=None if session.capacity is None else max(session.capacity - coming, 0),
            attending=session.id in mine, started=as_utc(session.starts_at) <= now,
            ended=as_utc(session.finishes_at) <= now, can_edit=may_edit(viewer, session)))
    return views


def describe(session: KnowledgeSession, viewer) -> View:
    return describe_many([session], viewer)[0]
