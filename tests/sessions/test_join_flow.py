"""The whole case, through the API: a session with two places, three people want to come, the third
is told it is full; after the start, "I was there" moves the week's ring once."""

from datetime import UTC, datetime, timedelta

from server.extensions import db
from server.sessions.models import KnowledgeSession
from tests.sessions.helpers import plan


def test_capacity_two_three_join_and_i_was_there_moves_the_ring_once(org, login):
    starts = datetime.now(UTC) + timedelta(days=1)
    session = plan(
        login(org.erik),
        title="Frukost: testning",
        capacity=2,
        starts_at=starts.isoformat(),
        ends_at=(starts + timedelta(minutes=45)).isoformat(),
    )
    path = f"/api/v1/sessions/{session['id']}"
    sara, nora, lars = login(org.sara), login(org.nora), login(org.lars)
    assert sara.put(f"{path}/rsvp").get_json()["places_left"] == 1
    assert nora.put(f"{path}/rsvp").get_json()["places_left"] == 0
    full = lars.put(f"{path}/rsvp")
    assert full.status_code == 409 and "full" in full.get_json()["message"]
    shown = lars.get(path).get_json()
    assert shown["attending"] is False and shown["places_left"] == 0 and shown["rsvp_count"] == 2

    assert sara.post(f"{path}/attended").status_code == 409  # not started yet
    # It starts: time moves on.
    starts = datetime.now(UTC) - timedelta(minutes=5)
    db.session.execute(
        db.update(KnowledgeSession)
        .where(KnowledgeSession.id == session["id"])
        .values(starts_at=starts, ends_at=starts + timedelta(minutes=45), finishes_at=starts + timedelta(minutes=45))
    )
    db.session.commit()
    before = sara.get("/api/v1/me/weeks/current").get_json()["minutes"]
    assert sara.post(f"{path}/attended").status_code == 201
    assert sara.post(f"{path}/attended").status_code == 200
    week = sara.get("/api/v1/me/weeks/current").get_json()
    assert week["minutes"] == before + 45 and week["by_activity"]["knowledge_session"] == 45
    assert sara.get(path).get_json()["attended"] is True
