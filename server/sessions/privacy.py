"""This feature's part of a person's data export and of erasing an account."""
from sqlalchemy import or_, select

from ..extensions import db
from . import calendar, lessons
from .models import KnowledgeSession, Lesson, Rsvp
from .service import as_utc


def _iso(moment) -> str | None:
    return as_utc(moment).isoformat() if moment else None


def export_personal_data(user) -> dict:
    """RSVPs, sessions the person hosts or planned, and every lesson they wrote (anonymous ones
    included: they are the person's own)."""
    rsvps = db.session.execute(
        select(KnowledgeSession, Rsvp.created_at).join(Rsvp, Rsvp.session_id == KnowledgeSession.id)
        .where(Rsvp.user_id == user.id).order_by(KnowledgeSession.starts_at)).all()
    hosted = db.session.scalars(select(KnowledgeSession).where(
        or_(KnowledgeSession.host_id == user.id, KnowledgeSession.created_by_id == user.id))
        .order_by(KnowledgeSession.starts_at))
    own = lessons.lessons_by(user)
    tags = lessons.tags_of([lesson.id for lesson in own])
    return {
        "rsvps": [{"session_id": s.id, "title": s.title, "starts_at": _iso(s.starts_at), "rsvp_at": _iso(at)}
                  for s, at in rsvps],
        "sessions": [{"id": s.id, "title": s.title, "description": s.description, "starts_at": _iso(s.starts_at),
                      "ends_at": _iso(s.ends_at), "place": s.place, "capacity": s.capacity,
                      "host": s.host_id == user.id, "planned_by_me": s.created_by_id == user.id}
                     for s in hosted],
        "lessons": [{"id": lesson.id, "title": lesson.title, "context": lesson.context,
                     "what_happened": lesson.what_happened, "learned": lesson.learned,
                     "next_time": lesson.next_time, "outcome": lesson.outcome, "anonymous": lesson.anonymous,
                     "tags": tags.get(lesson.id, []), "created_at": _iso(lesson.created_at)} for lesson in own],
    }


def erase_personal_data(user) -> None:
    """RSVPs and the calendar feed go. Lessons stay, made anonymous and no longer tied to the person:
    they were shared with the organisation, and what was learned is the organisation's to keep.
    Sessions stay too (they happened), without the person as host or planner."""
    db.session.execute(db.delete(Rsvp).where(Rsvp.user_id == user.id))
    calendar.forget_feed(user)
    db.session.execute(db.update(Lesson).where(Lesson.author_id == user.id).values(author_id=None, anonymous=True))
    db.session.execute(db.update(KnowledgeSession).where(KnowledgeSession.host_id == user.id).values(host_id=None))
    db.session.execute(db.update(KnowledgeSession).where(KnowledgeSession.created_by_id == user.id)
                       .values(created_by_id=None))
    db.session.flush()
