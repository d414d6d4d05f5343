"""Private to the two of them: a pairing, its meetings and who mentors whom do not exist for anyone
else (404), Erik's manager and the admin included; admins see counts only. A person's export holds
their offers, requests, pairings and meetings; deleting the account leaves the other's time alone."""

from tests.mentoring.helpers import OFFERS, PAIRINGS, REQUESTS, ask, offer, ok, pair
from tests.support import PASSWORD

SECRET = "ACME-MEETING-NOTE"


def test_a_pairing_is_404_to_everyone_but_the_two(org, login):
    erik, sara = login(org.erik), login(org.sara)
    pairing = pair(erik, sara)
    meeting = ok(erik.post(f"{PAIRINGS}/{pairing}/meetings", json={"minutes": 30, "note": SECRET}), 201)
    meeting_path = f"{PAIRINGS}/{pairing}/meetings/{meeting['id']}"
    for person in (org.maja, org.admin, org.nora, org.outsider_admin):  # his manager, the admin, a colleague
        other = login(person)
        assert other.get(f"{PAIRINGS}/{pairing}").status_code == 404
        assert other.post(f"{PAIRINGS}/{pairing}/meetings", json={"minutes": 10}).status_code == 404
        assert other.patch(meeting_path, json={"minutes": 10}).status_code == 404
        assert other.delete(meeting_path).status_code == 404
        assert other.post(f"{PAIRINGS}/{pairing}/end", json={"reflection": "x"}).status_code == 404
        for listing in (PAIRINGS, REQUESTS, f"{OFFERS}?mine=true"):
            text = other.get(listing).get_data(as_text=True)
            assert "Sara" not in text and SECRET not in text
    for no_such in ("%00", "x" * 37, "00000000-0000-0000-0000-000000000000"):
        assert erik.delete(f"{PAIRINGS}/{pairing}/meetings/{no_such}").status_code == 404
    assert ok(sara.get(meeting_path.rsplit("/meetings", 1)[0]))["meetings"][0]["note"] is None
    assert ok(erik.get(f"{PAIRINGS}/{pairing}"))["meetings"][0]["note"] == SECRET
    # The offer itself is public in the organisation; who took the place is not.
    listed = login(org.nora).get(OFFERS).get_data(as_text=True)
    assert "Erik" in listed and "Sara" not in listed
    stats = login(org.admin).get("/api/v1/mentoring/stats")
    assert ok(stats)["active_pairings"] == 1 and "Sara" not in stats.get_data(as_text=True)
    assert ok(login(org.outsider_admin).get("/api/v1/mentoring/stats"))["active_pairings"] == 0


def test_my_export_holds_my_offers_requests_pairings_and_meetings(org, login):
    erik, sara = login(org.erik), login(org.sara)
    offer(sara, "ask", topics=["Kafka"], note="Evenings are best")
    pairing = pair(erik, sara)
    ok(sara.post(f"{PAIRINGS}/{pairing}/meetings", json={"minutes": 30, "note": SECRET, "date": None}), 201)
    ok(sara.post(f"{PAIRINGS}/{pairing}/end", json={"reflection": "Mine to keep"}))
    data = ok(sara.get("/api/v1/me/export"))["mentoring"]
    assert [(o["kind"], o["topics"], o["note"]) for o in data["offers"]] == [("ask", ["kafka"], "Evenings are best")]
    assert [r["status"] for r in data["requests_sent"]] == ["ended"] and data["requests_received"] == []
    [mine] = data["pairings"]
    assert (mine["role"], mine["with"], mine["reflection"]) == ("mentee", "Erik", "Mine to keep")
    assert [m["minutes"] for m in mine["meetings"]] == [30]
    entries = ok(sara.get("/api/v1/me/export"))["log"]["entries"]
    assert [e["note"] for e in entries] == [SECRET]  # the meeting's note, in her own log
    his = ok(erik.get("/api/v1/me/export"))
    assert his["mentoring"]["pairings"][0]["reflection"] is None and SECRET not in str(his)
    assert [r["from"] for r in his["mentoring"]["requests_received"]] == ["Sara"]


def test_deleting_my_account_ends_my_pairings_and_keeps_the_others_time(org, login):
    erik, sara, nora = login(org.erik), login(org.sara), login(org.nora)
    pairing = pair(erik, sara)
    ok(erik.post(f"{PAIRINGS}/{pairing}/meetings", json={"minutes": 30}), 201)
    mine = offer(sara, "mentor", topics=["Figma"], note="Ask me anything")
    waiting = ask(nora, mine["id"])
    sent = ask(sara, offer(nora, topics=["Support"])["id"], "Call me")
    assert sara.delete("/api/v1/me", json={"password": PASSWORD}).status_code == 204
    [left] = ok(erik.get(PAIRINGS))
    assert left["active"] is False and left["partner"] is None and left["minutes_total"] == 30
    assert ok(erik.get("/api/v1/me/weeks/current"))["minutes"] == 30
    assert ok(nora.get(OFFERS)) == [o for o in ok(nora.get(OFFERS)) if o["id"] != mine["id"]]
    statuses = {r["id"]: r["status"] for r in ok(nora.get(REQUESTS))}
    assert statuses == {waiting["id"]: "declined"}  # her request to Nora is gone; Nora's to her declined
    assert sent["id"] not in statuses
