"""Who is coming to which sessions: for the reminder worker, sessions about to start and upcoming
ones that were cancelled, each with the people who joined; for a person's calendar feed, the
sessions they are coming to."""

from datetime import datetime, timedelta

from sqlalchemy import DateTime, literal, select

from ..clock import utcnow
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


def upcoming_attending(user, now: datetime | None = None) -> list[KnowledgeSession]:
    """The sessions of the person's organisation they joined that have not finished (cancelled ones
    too: a calendar app drops an event only when told it is cancelled)."""
    moment = literal(now or utcnow(), DateTime(timezone=True))
    return list(
        db.session.scalars(
            select(KnowledgeSession)
            .join(Rsvp, Rsvp.session_id == KnowledgeSession.id)
            .where(
                Rsvp.user_id == user.id,
                KnowledgeSession.organisation_id == user.organisation_id,
                KnowledgeSession.finishes_at > moment,
            )
            .order_by(KnowledgeSession.starts_at, KnowledgeSession.id)
        )
    )
