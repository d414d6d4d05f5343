"""Having been there: the session logged once as learning time, on the right day, for its length."""

import uuid
from datetime import UTC, date, datetime, timedelta

from server.extensions import db
from server.log.models import Entry
from server.sessions import service
from tests.sessions.helpers import at, plan


def entries_of(user_id: int) -> list[Entry]:
    db.session.expire_all()
    return list(db.session.scalars(db.select(Entry).where(Entry.user_id == user_id)))


def test_attended_logs_the_session_once(org, login):
    session = plan(login(org.erik), title="Frukost: Kafka på riktigt", starts_at=at(-2), ends_at=at(-2, 45))
    sara = login(org.sara)
    path = f"/api/v1/sessions/{session['id']}/attended"
    first = sara.post(path)
    assert first.status_code == 201, first.get_json()
    entry = first.get_json()
    assert entry["activity"] == "knowledge_session" and entry["minutes"] == 45
    assert entry["title"] == "Frukost: Kafka på riktigt" and uuid.UUID(entry["id"])
    again = sara.post(path)
    assert again.status_code == 200 and again.get_json() == entry
    assert len(entries_of(org.sara.id)) == 1
    erik = login(org.erik).post(path)  # the host was there too: an entry of his own
    assert erik.status_code == 201 and erik.get_json()["id"] != entry["id"]


def test_the_entry_counts_in_the_current_week(org, login):
    # Ended a minute ago after two minutes: in this week unless this test runs at midnight on Monday.
    session = plan(login(org.erik), starts_at=at(0, -3), ends_at=at(0, -1))
    sara = login(org.sara)
    before = sara.get("/api/v1/me/weeks/current").get_json()
    assert sara.post(f"/api/v1/sessions/{session['id']}/attended").status_code == 201
    sara.post(f"/api/v1/sessions/{session['id']}/attended")
    week = sara.get("/api/v1/me/weeks/current").get_json()
    assert week["minutes"] == before["minutes"] + 2
    assert week["by_activity"]["knowledge_session"] == 2
    listed = sara.get("/api/v1/entries").get_json()
    assert [e["activity"] for e in listed] == ["knowledge_session"]


def test_a_session_not_yet_started_cannot_be_attended(org, login):
    session = plan(login(org.erik), starts_at=at(1))
    response = login(org.sara).post(f"/api/v1/sessions/{session['id']}/attended")
    assert response.status_code == 409
    assert entries_of(org.sara.id) == []


def test_no_end_counts_an_hour_and_long_days_are_capped(org, login):
    api = login(org.erik)
    open_ended = plan(api, title="Open ended", starts_at=at(-3), ends_at=None)
    all_day = plan(api, title="Hackathon", starts_at=at(-20), ends_at=at(-2))
    sara = login(org.sara)
    assert sara.post(f"/api/v1/sessions/{open_ended['id']}/attended").get_json()["minutes"] == 60
    assert sara.post(f"/api/v1/sessions/{all_day['id']}/attended").get_json()["minutes"] == 600


def test_the_date_is_the_session_day_where_the_person_is(org, make_user):
    """23:30 UTC on a Sunday is already Monday in Stockholm and still Sunday in New York."""
    starts = datetime(2026, 11, 1, 23, 30, tzinfo=UTC)
    session = service.create_session(
        org.erik, {"title": "Late call", "starts_at": starts, "ends_at": starts + timedelta(minutes=30)}
    )
    db.session.commit()
    stockholm = make_user("anna@acme.example", timezone="Europe/Stockholm")
    new_york = make_user("ben@acme.example", timezone="America/New_York")
    entry, created = service.attend(stockholm, session)
    assert created and entry.date == date(2026, 11, 2) and entry.minutes == 30
    entry, created = service.attend(new_york, session)
    assert created and entry.date == date(2026, 11, 1)
    db.session.commit()
    again, created = service.attend(stockholm, session)
    assert not created and again.date == date(2026, 11, 2)


def test_deleting_the_session_keeps_the_logged_time(org, login):
    session = plan(login(org.erik), starts_at=at(-2), ends_at=at(-1))
    sara = login(org.sara)
    sara.post(f"/api/v1/sessions/{session['id']}/attended")
    assert login(org.erik).delete(f"/api/v1/sessions/{session['id']}").status_code == 204
    assert [e.minutes for e in entries_of(org.sara.id)] == [60]
