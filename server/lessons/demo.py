"""Lessons learned for the demo organisation: a success, a failure, and one shared anonymously. Safe to
run again."""

from sqlalchemy import select

from ..extensions import db
from . import service
from .models import Lesson

LESSONS = [
    (
        "maja@demo.example",
        {
            "title": "Vi släppte på en fredag eftermiddag",
            "outcome": "failure",
            "anonymous": False,
            "context": "Ny version av betalflödet inför månadsskiftet.",
            "what_happened": "Ett fel i momsberäkningen nådde kunder över helgen. Rollback took 2 h.",
            "learned": "Små releaser bakom feature flags, tidigt i veckan.",
            "next_time": "Släpp tisdag förmiddag och ha någon i beredskap.",
            "tags": ["release", "betalning"],
        },
    ),
    (
        "nora@demo.example",
        {
            "title": "Parprogrammering med nyanställda",
            "outcome": "success",
            "anonymous": False,
            "context": "Två nye utviklere startet samme uke.",
            "what_happened": "De parprogrammerte med hver sin senior de første to ukene.",
            "learned": "Læring går raskere når man sitter sammen fra dag én.",
            "next_time": "Planlegg parene før første dag.",
            "tags": ["onboarding"],
        },
    ),
    (
        "erik@demo.example",
        {
            "title": "Jag glömde att testa återställningen av backupen",
            "outcome": "failure",
            "anonymous": True,
            "context": "Flytt av databasen till ny server.",
            "what_happened": "Backupen fanns, men återställningen tog en hel dag eftersom ingen hade provat den.",
            "learned": "En backup är bara värd något om återställningen är provad.",
            "next_time": "Öva återställning varje kvartal.",
            "tags": ["drift", "backup"],
        },
    ),
]


def seed_demo_lessons(users_by_email: dict, org) -> int:
    """Returns how many lessons the organisation has afterwards."""
    for email, data in LESSONS:
        exists = db.session.scalar(
            select(Lesson.id).where(Lesson.organisation_id == org.id, Lesson.title == data["title"])
        )
        if exists is None and email in users_by_email:
            service.add_lesson(users_by_email[email], data)
    db.session.flush()
    return len(service.list_lessons(org.id, limit=100)[0])
