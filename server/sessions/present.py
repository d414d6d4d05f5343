"""Sessions as a given person sees them: who hosts, how many are coming, places left, whether they are."""
from datetime import datetime

from ..accounts import service as accounts
from .models import KnowledgeSession
from .service import as_utc, attending_ids, may_edit, rsvp_counts, utcnow


def describe_many(sessions: list[KnowledgeSession], viewer, now: datetime | None = None) -> list[dict]:
    now = now or utcnow()
    ids = [s.id for s in sessions]
    counts = rsvp_counts(ids)
    mine = attending_ids(viewer, ids)
    hosts = accounts.users_by_id([s.host_id for s in sessions if s.host_id is not None])
    described = []
    for session in sessions:
        host = hosts.get(session.host_id)
        coming = counts.get(session.id, 0)
        described.append({
            "id": session.id, "title": session.title, "description": session.description,
            "starts_at": as_utc(session.starts_at), "ends_at": as_utc(session.ends_at),
            "place": session.place, "capacity": session.capacity, "host_id": session.host_id,
            "host": {"id": host.id, "name": host.name} if host else None,
            "rsvp_count": coming,
            "places_left": None if session.capacity is None else max(session.capacity - coming, 0),
            "attending": session.id in mine,
            "started": as_utc(session.starts_at) <= now,
            "ended": as_utc(session.finishes_at) <= now,
            "can_edit": may_edit(viewer, session),
            "created_at": as_utc(session.created_at),
        })
    return described


def describe(session: KnowledgeSession, viewer) -> dict:
    return describe_many([session], viewer)[0]

