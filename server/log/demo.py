"""A few weeks of realistic learning time for the demo organisation, safe to run again."""

import uuid
from datetime import date, timedelta

from ..clock import week_start_of
from ..extensions import db
from .entries import insert_new_entries, new_entry_row
from .models import AwayPeriod

DEMO_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://learning-hour.demo/entries")
WEEKS = 6

# (weekday, minutes, activity, title, note)
PLANS = {
    "erik@demo.example": [  # meets the goal every week: a streak to show
        (0, 25, "podcast", "Kodsnack: testning i produktion", "Feature flags gör små releaser möjliga"),
        (2, 20, "article", "Martin Fowler: Refactoring module dependencies", None),
        (3, 30, "course", "Kurs: PostgreSQL för utvecklare, modul {n}", "Index på (user_id, week_start) hjälper"),
    ],
    "sara@demo.example": [
        (1, 45, "webinar", "Webinar: Designing for accessibility", "Kontrast 4.5:1 för brödtext"),
        (4, 20, "book", "Inspired, chapter {n}", None),
    ],
    "maja@demo.example": [
        (1, 30, "mentoring", "Mentorsamtal med Erik", "Fråga mer, berätta mindre"),
        (3, 15, "article", "HBR: The feedback fallacy", None),
        (4, 20, "podcast", "Ledarskapspodden: att leda lärande team", None),
    ],
    "lars@demo.example": [
        (0, 40, "knowledge_session", "Kunskapsdelning: kundsamtal som lärande", None),
        (2, 25, "video", "Video: De-escalation in support conversations", "Spegla först, lös sedan"),
    ],
    "nora@demo.example": [
        (0, 30, "podcast", "Podkast: Kundeservice i praksis, episode {n}", "Svar innen en time gjør mye"),
        (2, 35, "course", "Kurs: Zendesk-automatisering", None),
        (4, 15, "other", "Skyggelegging av en erfaren kollega", "Lær hurtigtastene"),
    ],
    "admin@demo.example": [
        (2, 20, "article", "GDPR: what a data export must contain", None),
    ],
}
# Weeks (counting back from the current one) in which someone did not reach the goal or was away.
SKIPPED = {("sara@demo.example", 3), ("maja@demo.example", 2), ("admin@demo.example", 1)}
AWAY = {"lars@demo.example": (2, "holiday")}


def seed_demo_entries(users_by_email: dict, today: date) -> int:
    """Entries for the last few weeks (none after `today`); returns how many were new."""
    rows, monday = [], week_start_of(today)
    for email, plan in PLANS.items():
        user = users_by_email.get(email)
        if user is None:
            continue
        away = AWAY.get(email)
        for weeks_back in range(WEEKS):
            if (email, weeks_back) in SKIPPED or (away and away[0] == weeks_back):
                plan_this_week = plan[:1] if (email, weeks_back) in SKIPPED else []
            else:
                plan_this_week = plan
            for index, (weekday, minutes, activity, title, note) in enumerate(plan_this_week):
                day = monday - timedelta(weeks=weeks_back) + timedelta(days=weekday)
                if day > today:
                    continue
                entry_id = uuid.uuid5(DEMO_NAMESPACE, f"{email}/{day.isoformat()}/{index}")
                rows.append(
                    new_entry_row(
                        user,
                        {
                            "id": entry_id,
                            "date": day,
                            "minutes": minutes + 5 * (weeks_back % 2),
                            "activity": activity,
                            "title": title.format(n=WEEKS - weeks_back),
                            "note": note,
                        },
                    )
                )
        if away:
            _mark_away(user, monday - timedelta(weeks=away[0]), away[1])
    created = insert_new_entries(rows)
    db.session.flush()
    return len(created)


def _mark_away(user, week_start: date, reason: str) -> None:
    ends_on = week_start + timedelta(days=6)
    exists = db.session.scalar(
        db.select(AwayPeriod.id).where(
            AwayPeriod.user_id == user.id, AwayPeriod.starts_on == week_start, AwayPeriod.ends_on == ends_on
        )
    )
    if exists is None:
        db.session.add(AwayPeriod(user_id=user.id, starts_on=week_start, ends_on=ends_on, reason=reason))
        db.session.flush()
