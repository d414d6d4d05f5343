"""Who is coming to which sessions, for the reminder worker: sessions about to start, and upcoming
ones that were cancelled, each with the people who joined."""

from datetime import datetime, timedelta

from sqlalchemy import DateTime, literal, select

from ..extensions import db
from .models import KnowledgeSession, Rsvp

CANCEL_NOTICE_DAYS = 7  # cancelled longer ago than this: too late to be news


def _with_people(query) -> list[tuple[KnowledgeSession, list[int]]]:
    sessions = list(db.session.scalars(query.order_by(KnowledgeSession.starts_at, KnowledgeSession.id)))
    people: dict[int, list[int]] = {s.id: [] for s in sessions}
    if sessions:
        for session_id, user_id in db.session.execute(
            select(Rsvp.session_id, Rsvp.user_id)
            .where(Rsvp.session_id.in_(list(people)))
            .order_by(Rsvp.session_id, Rsvp.user_id)
        ):
            people[session_id].append(user_id)
    return [(s, people[s.id]) for s in sessions if people[s.id]]


def joined_starting_between(start: datetime, end: datetime) -> list[tuple[KnowledgeSession, list[int]]]:
    """Sessions (not cancelled) starting in [start, end), with who joined each."""
    return _with_people(
        select(KnowledgeSession).where(
            KnowledgeSession.starts_at >= literal(start, DateTime(timezone=True)),
            KnowledgeSession.starts_at < literal(end, DateTime(timezone=True)),
            KnowledgeSession.cancelled_at.is_(None),
        )
    )


def cancelled_with_people(now: datetime) -> list[tuple[KnowledgeSession, list[int]]]:
    """Sessions still to come, cancelled in the last week, with who had joined each."""
    return _with_people(
        select(KnowledgeSession).where(
            KnowledgeSession.starts_at > literal(now, DateTime(timezone=True)),
            KnowledgeSession.cancelled_at > literal(now - timedelta(days=CANCEL_NOTICE_DAYS), DateTime(timezone=True)),
        )
    )
