"""This feature's part of a person's data export and of erasing an account."""

from sqlalchemy import or_, select

from ..clock import iso
from ..extensions import db
from .models import KnowledgeSession, Rsvp, SessionSeries


def export_personal_data(user) -> dict:
    """RSVPs, sessions the person hosts or planned, and series they planned."""
    rsvps = db.session.execute(
        select(KnowledgeSession, Rsvp.created_at)
        .join(Rsvp, Rsvp.session_id == KnowledgeSession.id)
        .where(Rsvp.user_id == user.id)
        .order_by(KnowledgeSession.starts_at)
    ).all()
    hosted = db.session.scalars(
        select(KnowledgeSession)
        .where(or_(KnowledgeSession.host_id == user.id, KnowledgeSession.created_by_id == user.id))
        .order_by(KnowledgeSession.starts_at)
    )
    return {
        "rsvps": [
            {"session_id": s.id, "title": s.title, "starts_at": iso(s.starts_at), "rsvp_at": iso(at)} for s, at in rsvps
        ],
        "sessions": [
            {
                "id": s.id,
                "title": s.title,
                "description": s.description,
                "starts_at": iso(s.starts_at),
                "ends_at": iso(s.ends_at),
                "place": s.place,
                "capacity": s.capacity,
                "host": s.host_id == user.id,
                "planned_by_me": s.created_by_id == user.id,
            }
            for s in hosted
        ],
        "series": [
            {
                "id": s.id,
                "title": s.title,
                "frequency": s.frequency,
                "starts_on": s.starts_on.isoformat(),
                "stopped_at": iso(s.stopped_at),
            }
            for s in db.session.scalars(
                select(SessionSeries).where(SessionSeries.created_by_id == user.id).order_by(SessionSeries.id)
            )
        ],
    }


def erase_personal_data(user) -> None:
    """RSVPs go. Sessions and series stay (they happened, others host them),
    without the person as host or planner."""
    db.session.execute(db.delete(Rsvp).where(Rsvp.user_id == user.id))
    db.session.execute(db.update(KnowledgeSession).where(KnowledgeSession.host_id == user.id).values(host_id=None))
    db.session.execute(
        db.update(KnowledgeSession).where(KnowledgeSession.created_by_id == user.id).values(created_by_id=None)
    )
    db.session.execute(
        db.update(SessionSeries).where(SessionSeries.created_by_id == user.id).values(created_by_id=None)
    )
    db.session.flush()
