"""Demo entries: a few realistic weeks, the same ones however often the seed runs."""

from datetime import date

from server.extensions import db
from server.log import service
from server.log.demo import seed_demo_entries
from server.log.models import Entry

THURSDAY = date(2026, 11, 26)


def test_demo_entries_are_realistic_and_idempotent(make_user):
    people = {
        email: make_user(email, org="Demo AB")
        for email in (
            "admin@demo.example",
            "maja@demo.example",
            "erik@demo.example",
            "sara@demo.example",
            "lars@demo.example",
            "nora@demo.example",
        )
    }
    first = seed_demo_entries(people, THURSDAY)
    assert first > 50
    assert seed_demo_entries(people, THURSDAY) == 0
    db.session.expire_all()
    entries = list(db.session.scalars(db.select(Entry)))
    assert len(entries) == first and max(e.date for e in entries) <= THURSDAY
    assert len({e.activity for e in entries}) >= 8 and any(e.note for e in entries)
    assert any("å" in e.title or "ä" in e.title for e in entries) and any("chapter" in e.title for e in entries)
    erik = service.recent_weeks(people["erik@demo.example"], 6, THURSDAY)
    assert erik[0]["streak_weeks"] == 6 and all(w["met"] for w in erik)
    sara = service.week_summary(people["sara@demo.example"], THURSDAY)
    assert 0 < sara["streak_weeks"] < 5
    lars = service.recent_weeks(people["lars@demo.example"], 3, THURSDAY)
    assert lars[2]["away"] and lars[2]["goal_minutes"] == 0
    # A day later only that day's entries are new.
    assert seed_demo_entries(people, date(2026, 11, 27)) > 0
