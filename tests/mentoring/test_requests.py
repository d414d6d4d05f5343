"""Consent, then a pairing: a request with a message; only the person asked answers; declining tells
the asker "not this time" and nobody else anything; a full offer takes no new request until a place
is free; asking twice is refused."""

from server.extensions import db
from server.mentoring import service
from server.mentoring.models import Pairing
from tests.mentoring.helpers import OFFERS, PAIRINGS, REQUESTS, accept, ask, offer, ok


def test_ask_accept_and_a_pairing_of_the_two(org, login):
    erik, sara = login(org.erik), login(org.sara)
    made = offer(erik, topics=["SQL"])
    request = ask(sara, made["id"], "  Jag vill förstå frågeplaner.  ")
    assert request["status"] == "pending" and request["direction"] == "sent"
    assert request["message"] == "Jag vill förstå frågeplaner." and request["person"]["name"] == "Erik"
    [waiting] = ok(erik.get(f"{REQUESTS}?direction=received&status=pending"))
    assert waiting["id"] == request["id"] and waiting["person"]["name"] == "Sara"
    assert ok(erik.get(f"{REQUESTS}?direction=sent")) == []
    assert sara.post(f"{REQUESTS}/{request['id']}/accept").status_code == 403  # only the person asked
    answered = accept(erik, request["id"])
    assert answered["status"] == "accepted" and answered["pairing_id"]
    again = accept(erik, request["id"])
    assert again["pairing_id"] == answered["pairing_id"]
    assert db.session.scalar(db.select(db.func.count()).select_from(Pairing)) == 1
    [as_mentee] = ok(sara.get(PAIRINGS))
    [as_mentor] = ok(erik.get(PAIRINGS))
    assert (as_mentee["role"], as_mentee["partner"]["name"], as_mentee["topics"]) == ("mentee", "Erik", ["sql"])
    assert (as_mentor["role"], as_mentor["partner"]["name"], as_mentor["activity"]) == ("mentor", "Sara", "mentoring")
    assert erik.post(f"{REQUESTS}/{request['id']}/decline").status_code == 409  # paired already


def test_an_answered_ask_makes_the_answerer_the_mentor(org, login):
    nora, erik = login(org.nora), login(org.erik)
    wanted = offer(nora, "ask", topics=["Kubernetes"])
    request = ask(erik, wanted["id"], "I run our clusters, happy to help.")
    pairing = ok(nora.get(f"{PAIRINGS}/{accept(nora, request['id'])['pairing_id']}"))
    assert (pairing["role"], pairing["partner"]["name"]) == ("mentee", "Erik")
    shadow = offer(nora, "shadow", topics=["Support"])
    day = ok(erik.get(f"{PAIRINGS}/{accept(nora, ask(erik, shadow['id'])['id'])['pairing_id']}"))
    assert (day["role"], day["activity"]) == ("guest", "shadowing")


def test_declining_is_kind_and_tells_nobody_else(org, login):
    erik, sara, nora = login(org.erik), login(org.sara), login(org.nora)
    made = offer(erik)
    request = ask(sara, made["id"])
    assert ok(nora.get(f"{OFFERS}"))[0]["places_left"] == 0
    declined = ok(erik.post(f"{REQUESTS}/{request['id']}/decline"))
    assert declined["status"] == "declined" and declined["pairing_id"] is None
    assert ok(erik.post(f"{REQUESTS}/{request['id']}/decline"))["status"] == "declined"  # again: no change
    assert ok(sara.get(REQUESTS))[0]["status"] == "declined"
    assert ok(nora.get(REQUESTS)) == [] and ok(nora.get(PAIRINGS)) == []
    listed = ok(nora.get(OFFERS))[0]
    assert listed["places_left"] == 1 and listed["my_request"] is None
    assert erik.post(f"{REQUESTS}/{request['id']}/accept").status_code == 409
    assert sara.post(REQUESTS, json={"offer_id": made["id"]}).status_code == 409  # asked once


def test_a_full_offer_takes_no_request_until_a_place_is_free(org, login):
    erik = login(org.erik)
    made = offer(erik, capacity=2)
    first, second = ask(login(org.sara), made["id"]), ask(login(org.nora), made["id"])
    full = login(org.lars).post(REQUESTS, json={"offer_id": made["id"], "message": "Me too?"})
    assert full.status_code == 409 and full.get_json()["message"] == "This offer has no place free just now."
    accept(erik, first["id"])
    assert login(org.lars).post(REQUESTS, json={"offer_id": made["id"]}).status_code == 409
    ok(erik.post(f"{REQUESTS}/{second['id']}/decline"))
    third = ask(login(org.lars), made["id"])
    assert login(org.lars).delete(f"{REQUESTS}/{third['id']}").status_code == 204  # taken back: free again
    ask(login(org.maja), made["id"])
    assert ok(erik.get(f"{OFFERS}?mine=true"))[0]["places_left"] == 0


def test_asking_twice_or_asking_oneself_is_refused(org, login):
    erik, sara = login(org.erik), login(org.sara)
    made = offer(erik, capacity=5)
    ask(sara, made["id"])
    twice = sara.post(REQUESTS, json={"offer_id": made["id"]})
    assert twice.status_code == 409 and twice.get_json()["message"] == "You have already asked for this."
    own = erik.post(REQUESTS, json={"offer_id": made["id"]})
    assert own.status_code == 422 and "offer_id" in own.get_json()["errors"]["json"]
    elsewhere = login(org.outsider).post(REQUESTS, json={"offer_id": made["id"]})
    assert elsewhere.status_code == 422  # another organisation's offer does not exist there
    missing = sara.post(REQUESTS, json={"offer_id": 2**31 - 1, "message": "x" * 1001})
    assert missing.status_code == 422 and set(missing.get_json()["errors"]["json"]) == {"message"}


def test_requests_are_the_two_peoples_own(org, login):
    erik, sara = login(org.erik), login(org.sara)
    request = ask(sara, offer(erik)["id"])
    for person in (org.maja, org.admin, org.nora, org.outsider_admin):
        other = login(person)
        for action in ("accept", "decline"):
            assert other.post(f"{REQUESTS}/{request['id']}/{action}").status_code == 404
        assert other.delete(f"{REQUESTS}/{request['id']}").status_code == 404
        assert ok(other.get(REQUESTS)) == []
    assert erik.delete(f"{REQUESTS}/{request['id']}").status_code == 403  # the person asked declines instead


def test_the_service_directly(org):
    made = service.post_offer(org.erik, {"kind": "mentor", "topics": ["Elixir"]})
    request = service.ask(org.sara, made.id, "Hej!")
    pairing = service.accept(org.erik, request, made)
    assert (pairing.mentor_id, pairing.mentee_id, pairing.activity) == (org.erik.id, org.sara.id, "mentoring")
    assert request.status == "accepted" and request.answered_at is not None
    assert service.list_pairings(org.sara) == [pairing] and service.list_pairings(org.nora) == []
    db.session.commit()
