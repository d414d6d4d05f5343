"""Saying you are coming: idempotent, within the capacity, also when many take the last places at once."""

import threading
from concurrent.futures import ThreadPoolExecutor

import httpx

from server.accounts import service as accounts
from server.extensions import db
from server.sessions.models import Rsvp
from tests.sessions.helpers import plan


def rsvps(session_id: int) -> int:
    db.session.expire_all()
    return db.session.scalar(db.select(db.func.count()).select_from(Rsvp).where(Rsvp.session_id == session_id))


def test_join_twice_and_leave(org, login):
    session = plan(login(org.erik), capacity=10)
    sara = login(org.sara)
    path = f"/api/v1/sessions/{session['id']}/rsvp"
    first = sara.put(path)
    assert first.status_code == 201
    assert first.get_json()["attending"] is True and first.get_json()["rsvp_count"] == 1
    assert first.get_json()["places_left"] == 9
    again = sara.put(path)
    assert again.status_code == 200 and again.get_json()["rsvp_count"] == 1
    assert rsvps(session["id"]) == 1
    seen_by_erik = login(org.erik).get(f"/api/v1/sessions/{session['id']}").get_json()
    assert seen_by_erik["rsvp_count"] == 1 and seen_by_erik["attending"] is False
    assert sara.delete(path).status_code == 204
    assert sara.delete(path).status_code == 204
    assert rsvps(session["id"]) == 0
    assert sara.get(f"/api/v1/sessions/{session['id']}").get_json()["attending"] is False


def test_a_full_session_answers_409(org, login):
    session = plan(login(org.erik), capacity=2)
    path = f"/api/v1/sessions/{session['id']}/rsvp"
    assert login(org.sara).put(path).status_code == 201
    assert login(org.nora).put(path).status_code == 201
    full = login(org.lars).put(path)
    assert full.status_code == 409
    assert login(org.sara).put(path).status_code == 200  # already coming: still fine when full
    assert login(org.nora).delete(path).status_code == 204
    assert login(org.lars).put(path).status_code == 201
    assert rsvps(session["id"]) == 2
    listed = login(org.erik).get("/api/v1/sessions?upcoming=true").get_json()
    assert listed[0]["places_left"] == 0 and listed[0]["rsvp_count"] == 2


def test_no_capacity_means_no_limit(org, login):
    session = plan(login(org.erik))
    for person in (org.sara, org.nora, org.lars, org.maja, org.admin):
        assert login(person).put(f"/api/v1/sessions/{session['id']}/rsvp").status_code == 201
    assert login(org.erik).get(f"/api/v1/sessions/{session['id']}").get_json()["places_left"] is None


def test_racing_for_the_last_places(org, make_user, login, live_server):
    """Ten people press "I'm coming" at the same moment for three places: three get in."""
    session = plan(login(org.erik), capacity=3)
    people = [make_user(f"racer{i}@acme.example") for i in range(10)]
    tokens = [accounts.issue_token(person, "phone")[1] for person in people]
    db.session.commit()
    start = threading.Barrier(len(tokens))

    def join(token):
        with httpx.Client(timeout=30) as client:
            start.wait()
            return client.put(
                f"{live_server}/api/v1/sessions/{session['id']}/rsvp", headers={"Authorization": f"Bearer {token}"}
            )

    with ThreadPoolExecutor(len(tokens)) as pool:
        statuses = sorted(r.status_code for r in pool.map(join, tokens))
    assert statuses == [201] * 3 + [409] * 7
    assert rsvps(session["id"]) == 3
