"""The demo organisation has a breakfast series, a lunch talk and lessons learned, the same ones however
often the seed runs."""

from datetime import date

from server.demo import seed
from server.extensions import db
from server.lessons.models import Lesson
from server.sessions.demo import TALK, _first_friday
from server.sessions.models import KnowledgeSession, Rsvp, SessionSeries


def count(model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def test_the_demo_seed_is_idempotent_and_has_sessions_and_lessons(app):
    first = seed()
    db.session.commit()
    sessions = count(KnowledgeSession)
    again = seed()
    db.session.commit()
    assert first.split(", ")[-2:] == again.split(", ")[-2:] and count(KnowledgeSession) == sessions
    assert count(SessionSeries) == 1 and count(Lesson) == 3
    talk = db.session.scalar(db.select(KnowledgeSession).where(KnowledgeSession.title == TALK))
    assert db.session.scalar(db.select(db.func.count()).select_from(Rsvp).where(Rsvp.session_id == talk.id)) == 2
    assert db.session.scalar(db.select(Lesson).where(Lesson.anonymous.is_(True))).title.startswith("Jag glömde")


def test_first_fridays():
    assert _first_friday(2026, 12) == date(2026, 12, 4) and _first_friday(2027, 1) == date(2027, 1, 1)
