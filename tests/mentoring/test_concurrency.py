"""At the same moment, for real: people asking for the last places of an offer from their own
threads against a live server (one wins each place), one person's two taps, and one meeting sent
again from two devices at once (both weeks grow once). On SQLite and on PostgreSQL alike."""

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from server.accounts import service as accounts
from server.extensions import db
from server.log.models import Entry
from server.mentoring.models import Meeting, Request
from tests.mentoring.helpers import PAIRINGS, REQUESTS, offer, pair


def at_once(calls) -> list[httpx.Response]:
    """Each call `(method, url, token, body)` from its own thread, released together."""
    start = threading.Barrier(len(calls))

    def send(call):
        method, url, token, body = call
        with httpx.Client(timeout=30) as client:
            start.wait()
            return client.request(method, url, json=body, headers={"Authorization": f"Bearer {token}"})

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(send, calls))


def _tokens(people) -> list[str]:
    tokens = [accounts.issue_token(person, "phone")[1] for person in people]
    db.session.commit()
    return tokens


def _holding(offer_id: int) -> int:
    db.session.expire_all()
    return db.session.scalar(
        db.select(db.func.count())
        .select_from(Request)
        .where(Request.offer_id == offer_id, Request.status.in_(("pending", "accepted")))
    )


@pytest.mark.parametrize("places", [1, 3])
def test_racing_for_the_last_places(org, make_user, login, live_server, places):
    """Ten people ask at the same moment: as many get a place as there are places."""
    made = offer(login(org.erik), capacity=places)
    people = [make_user(f"racer{i}@acme.example") for i in range(10)]
    url = f"{live_server}{REQUESTS}"
    answers = at_once([("POST", url, token, {"offer_id": made["id"]}) for token in _tokens(people)])
    assert sorted(a.status_code for a in answers) == [201] * places + [409] * (10 - places)
    assert _holding(made["id"]) == places


def test_two_taps_of_one_person_ask_once(org, login, live_server):
    made = offer(login(org.erik), capacity=5)
    [token] = _tokens([org.sara])
    body = {"offer_id": made["id"], "message": "Two taps"}
    answers = at_once([("POST", f"{live_server}{REQUESTS}", token, body)] * 4)
    assert sorted(a.status_code for a in answers) == [201, 409, 409, 409]
    assert _holding(made["id"]) == 1


def test_one_meeting_sent_from_two_devices_at_once_counts_once(org, login, live_server):
    pairing = pair(login(org.erik), login(org.sara))
    [token] = _tokens([org.sara])
    body = {"id": str(uuid.uuid4()), "minutes": 35, "note": "From the train"}
    answers = at_once([("POST", f"{live_server}{PAIRINGS}/{pairing}/meetings", token, body)] * 4)
    assert sorted(a.status_code for a in answers) == [200, 200, 200, 201]
    assert {a.json()["id"] for a in answers} == {body["id"]}
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count()).select_from(Meeting)) == 1
    minutes = dict(
        db.session.execute(db.select(Entry.user_id, db.func.sum(Entry.minutes)).group_by(Entry.user_id)).all()
    )
    assert minutes == {org.erik.id: 35, org.sara.id: 35}
