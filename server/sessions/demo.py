"""Knowledge sessions for the demo organisation: a breakfast club on the first Friday of the month and
a lunch talk next week, with a few people coming. Safe to run again."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from ..extensions import db
from . import service
from .models import KnowledgeSession, SessionSeries

TALK = "Lunchprat: egenskapsbaserad testning"


def _first_friday(year: int, month: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(5 - first.isoweekday()) % 7)


def _next_weekday(today, weekday: int, at: time, zone: ZoneInfo) -> datetime:
    day = today + timedelta(days=(weekday - today.isoweekday()) % 7 or 7)
    return datetime.combine(day, at, tzinfo=zone).astimezone(UTC)


def seed_demo_sessions(users_by_email: dict, org, today) -> int:
    """Returns how many sessions exist for the organisation afterwards."""
    zone = ZoneInfo(org.timezone)
    erik, sara, nora = (users_by_email[f"{n}@demo.example"] for n in ("erik", "sara", "nora"))
    if db.session.scalar(select(SessionSeries.id).where(SessionSeries.organisation_id == org.id)) is None:
        first_friday = _first_friday(today.year, today.month)
        if first_friday < today:  # this month's has been: next month's
            first_friday = _first_friday(today.year + today.month // 12, today.month % 12 + 1)
        service.plan_series(
            erik,
            {
                "title": "Frukostklubben",
                "description": "Kaffe, frallor och en kollega som delar något hen lärt sig.",
                "starts_at": datetime.combine(first_friday, time(8, 0), tzinfo=zone).astimezone(UTC),
                "duration_minutes": 45,
                "frequency": "monthly",
                "timezone": org.timezone,
                "place": "Stora rummet, plan 3",
                "capacity": 20,
            },
        )
    talk = db.session.scalar(
        select(KnowledgeSession).where(KnowledgeSession.organisation_id == org.id, KnowledgeSession.title == TALK)
    )
    if talk is None:
        starts = _next_weekday(today, 3, time(12, 0), zone)
        talk = service.create_session(
            sara,
            {
                "title": TALK,
                "description": "Hypothesis i praktiken, med exempel.",
                "starts_at": starts,
                "ends_at": starts + timedelta(minutes=40),
                "place": "https://meet.example.com/lunch",
                "capacity": 12,
            },
        )
        for person in (erik, nora):
            service.join(person, talk)
    db.session.flush()
    return len(service.list_sessions(org.id, upcoming=True))
