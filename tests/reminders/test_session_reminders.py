"""The day before a knowledge session, those who joined get one push, at their reminder time, in their
language; not with reminders off, not without a device, not when away. A cancellation is told once."""

from datetime import UTC, date, datetime, timedelta

import pytest

from server.extensions import db
from server.log import service as log
from server.reminders import service, session_reminders
from server.reminders.session_claims import SessionReminderClaim
from server.sessions import service as sessions

# Friday 4 December 2026, 08:00 in Stockholm (07:00 UTC); the day before is Thursday the 3rd.
STARTS = datetime(2026, 12, 4, 7, 0, tzinfo=UTC)
THURSDAY_1459 = datetime(2026, 12, 3, 13, 59, tzinfo=UTC)  # 14:59 in Stockholm: a minute early
THURSDAY_1505 = datetime(2026, 12, 3, 14, 5, tzinfo=UTC)
MONDAY_BEFORE = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)  # when the sessions are planned and joined


@pytest.fixture(autouse=True)
def _planned_the_monday_before(clock):
    clock.set(MONDAY_BEFORE, ticking=True)


def _breakfast(org, **extra):
    session = sessions.create_session(
        org.erik,
        {
            "title": "Frukost: Kafka",
            "starts_at": STARTS,
            "ends_at": STARTS + timedelta(hours=1),
            "place": "Kafét",
            **extra,
        },
    )
    db.session.commit()
    return session


def _join(session, *people):
    for person in people:
        sessions.join(person, session)
    db.session.commit()


def test_the_day_before_once_in_their_language(org, make_user, subscribe, push_service, sender):
    kari = make_user("kari@acme.example", locale="nb")
    session = _breakfast(org)
    _join(session, org.sara, kari)
    for person in (org.sara, kari):
        subscribe(person, push_service)
    assert session_reminders.run(THURSDAY_1459)["claimed"] == 0  # before their reminder time (15:00)
    counts = session_reminders.run(THURSDAY_1505)
    assert (counts["claimed"], counts["sent"], counts["delivered"]) == (2, 2, 2)
    by_title = {d.json["title"]: d.json for d in push_service.wait_for(2)}
    english = by_title["Tomorrow: Frukost: Kafka"]
    assert english["body"] == "08:00 · Kafét" and english["url"] == f"/sessions/{session.id}"
    assert english["kind"] == "session_day_before" and english["tag"] == f"session-{session.id}"
    assert "I morgen: Frukost: Kafka" in by_title
    assert session_reminders.run(THURSDAY_1505 + timedelta(hours=2))["claimed"] == 0  # once
    assert session_reminders.run(STARTS - timedelta(hours=8))["claimed"] == 0  # 00:00 on the day: too late
    assert len(push_service.requests) == 2
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count()).select_from(SessionReminderClaim)) == 2


def test_only_those_who_joined_with_reminders_on_a_device_and_not_away(org, subscribe, push_service, sender, login):
    session = _breakfast(org)
    _join(session, org.sara, org.nora, org.lars, org.maja)
    for person in (org.sara, org.nora, org.lars, org.admin):
        subscribe(person, push_service)
    assert login(org.nora).patch("/api/v1/me/reminders", json={"enabled": False}).status_code == 200
    log.add_away_period(org.lars, date(2026, 11, 30), date(2026, 12, 4), "holiday")
    db.session.commit()
    # Maja joined but has no device; the admin has a device but did not join.
    counts = session_reminders.run(THURSDAY_1505)
    assert counts["claimed"] == 1
    [delivery] = push_service.wait_for(1)
    assert delivery.endpoint in {s.endpoint for s in service.subscriptions_of(org.sara.id)}


def test_a_cancelled_session_is_told_once_and_not_reminded(org, subscribe, push_service, sender, clock):
    session = _breakfast(org)
    _join(session, org.sara)
    subscribe(org.sara, push_service)
    sessions.cancel_session(session)
    db.session.commit()
    counts = session_reminders.run(clock.now())
    assert counts["claimed"] == 1
    [delivery] = push_service.wait_for(1)
    assert delivery.json["title"] == "Cancelled: Frukost: Kafka"
    assert "Friday 4 December 08:00" in delivery.json["body"]
    assert session_reminders.run(THURSDAY_1505)["claimed"] == 0  # no "tomorrow" for a cancelled one
    assert session_reminders.run(clock.now())["claimed"] == 0  # told once


def test_a_reminder_run_sends_them_and_a_failed_push_is_tried_again(org, subscribe, push_service, sender, progress):
    session = _breakfast(org)
    _join(session, org.sara)
    subscribe(org.sara, push_service)
    progress[org.sara.id] = {"met": True}  # no weekly reminder in the way
    push_service.script(503, 503, 503, 503, 503)
    first = service.send_due(THURSDAY_1505)["sessions"]
    assert first["claimed"] == 1 and first["released"] == 1  # nothing reached a device: the claim goes back
    push_service.script()
    second = service.send_due(THURSDAY_1505 + timedelta(minutes=5))["sessions"]
    assert second["sent"] == 1
    assert push_service.delivered()[-1].json["kind"] == "session_day_before"
