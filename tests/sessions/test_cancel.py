"""Cancelling: the session stays, marked; nobody can join or log it; calendars strike it out; one
that people joined is cancelled, not deleted."""

from tests.calendar.test_feed import feed_path, unfold
from tests.sessions.helpers import at, plan


def test_cancel_marks_it_and_tells_calendars(org, login, client):
    erik, sara = login(org.erik), login(org.sara)
    session = plan(erik, title="Frukost som ställs in")
    path = f"/api/v1/sessions/{session['id']}"
    assert sara.put(f"{path}/rsvp").status_code == 201
    assert erik.delete(path).status_code == 409  # Sara joined: cancel it instead, so she hears
    assert login(org.nora).post(f"{path}/cancel").status_code == 403
    cancelled = erik.post(f"{path}/cancel")
    assert cancelled.status_code == 200 and cancelled.get_json()["cancelled"] is True
    assert cancelled.get_json()["cancelled_at"]
    listed = {s["id"]: s for s in sara.get("/api/v1/sessions?upcoming=true").get_json()}
    assert listed[session["id"]]["cancelled"] is True and listed[session["id"]]["attending"] is True
    assert login(org.nora).put(f"{path}/rsvp").status_code == 409
    lines = unfold(client.get(feed_path(sara)).get_data(as_text=True))
    assert "STATUS:CANCELLED" in lines and "SUMMARY:Frukost som ställs in" in lines


def test_a_cancelled_session_cannot_be_logged(org, login):
    session = plan(login(org.erik), starts_at=at(-2), ends_at=at(-1))
    login(org.erik).post(f"/api/v1/sessions/{session['id']}/cancel")
    assert login(org.sara).post(f"/api/v1/sessions/{session['id']}/attended").status_code == 409


def test_recent_sessions_for_i_was_there(org, login):
    erik = login(org.erik)
    ended = plan(erik, title="Igår", starts_at=at(-26), ends_at=at(-25))
    plan(erik, title="Länge sedan", starts_at=at(-24 * 20), ends_at=at(-24 * 20 + 1))
    plan(erik, title="Snart", starts_at=at(2))
    called_off = plan(erik, title="Inställd", starts_at=at(-3), ends_at=at(-2))
    erik.post(f"/api/v1/sessions/{called_off['id']}/cancel")
    recent = login(org.sara).get("/api/v1/sessions?recent=true").get_json()
    assert [s["id"] for s in recent] == [ended["id"]]
    assert recent[0]["ended"] is True and recent[0]["attended"] is False
    login(org.sara).post(f"/api/v1/sessions/{ended['id']}/attended")
    assert login(org.sara).get("/api/v1/sessions?recent=true").get_json()[0]["attended"] is True
