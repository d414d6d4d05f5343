"""Offers and asks: topics spelled as the bank's tags, browsing by topic, kind and team, suggestions
for a person, pausing and closing one's own, and bad input named per field."""

import uuid

from server.bank import service as bank
from server.extensions import db
from server.mentoring import service
from tests.mentoring.helpers import OFFERS, ask, offer, ok


def _ids(api, query: str = "") -> list[int]:
    return [o["id"] for o in ok(api.get(f"{OFFERS}{query}"))]


def test_topics_are_the_banks_tags_spelled_alike(org, login):
    erik = login(org.erik)
    made = offer(erik, topics=["SQL", "#sql", "  Query   Plans ", "Postgres"], note="  Lunch on Thursdays  ")
    assert made["topics"] == ["postgres", "query plans", "sql"]
    assert made["capacity"] == 1 and made["places_left"] == 1 and made["status"] == "open"
    assert made["note"] == "Lunch on Thursdays" and made["mine"] is True
    assert made["person"]["name"] == "Erik" and [t["name"] for t in made["teams"]] == ["Product"]
    resource = ok(
        erik.post(
            "/api/v1/resources",
            json={"url": f"https://example.com/{uuid.uuid4()}", "kind": "article", "tags": ["SQL", "Query  plans"]},
        ),
        201,
    )
    assert set(resource["tags"]) <= set(made["topics"])  # one topic, whichever door it came through
    assert bank.topic_names(["#SQL"]) == ["sql"]


def test_browse_by_topic_any_case_kind_and_team(org, login):
    erik, nora, sara = login(org.erik), login(org.nora), login(org.sara)
    sql = offer(erik, topics=["SQL"])
    day = offer(nora, "shadow", topics=["Support", "SQL tuning"], capacity=3)
    want = offer(sara, "ask", topics=["Kafka"])
    assert _ids(sara, "?topic=sql") == [day["id"], sql["id"]]
    assert _ids(sara, "?topic=SQL") == _ids(sara, "?topic=%23Sq") == [day["id"], sql["id"]]
    assert _ids(sara, "?topic=sql%20t") == [day["id"]]
    assert _ids(sara, "?topic=kafka&kind=ask") == [want["id"]]
    assert _ids(sara, "?kind=shadow") == [day["id"]]
    assert _ids(sara, f"?team={org.support.id}") == [day["id"]]
    assert _ids(sara, f"?team={org.product.id}&topic=sql") == [sql["id"]]
    assert _ids(sara, "?topic=design") == []
    outsiders = login(org.outsider)
    assert _ids(outsiders) == []  # another organisation's offers do not exist there
    bad = sara.get(f"{OFFERS}?team={org.outsider.organisation_id + 1000}")
    assert bad.status_code == 422 and "team" in bad.get_json()["errors"]["query"]


def test_my_offers_can_be_paused_opened_and_closed(org, login):
    erik, sara = login(org.erik), login(org.sara)
    made = offer(erik, capacity=2)
    path = f"{OFFERS}/{made['id']}"
    assert ok(erik.patch(path, json={"status": "paused"}))["status"] == "paused"
    assert _ids(sara) == []
    refused = sara.post("/api/v1/mentoring/requests", json={"offer_id": made["id"]})
    assert refused.status_code == 409
    assert ok(erik.patch(path, json={"status": "open", "topics": ["Go"], "capacity": 3}))["topics"] == ["go"]
    waiting = ask(sara, made["id"])
    assert sara.patch(path, json={"status": "paused"}).status_code == 403  # not Sara's
    assert erik.delete(path).status_code == 204
    assert _ids(sara) == [] and _ids(erik, "?mine=true") == [made["id"]]
    mine = ok(erik.get(f"{OFFERS}?mine=true"))[0]
    assert mine["status"] == "closed"
    # A request that waited is declined, kindly; a closed offer stays closed.
    sent = ok(sara.get("/api/v1/mentoring/requests"))
    assert [(r["id"], r["status"]) for r in sent] == [(waiting["id"], "declined")]
    assert erik.patch(path, json={"status": "open"}).status_code == 409
    assert sara.delete(path).status_code == 404  # a closed offer is its owner's alone


def test_an_admin_may_close_a_colleagues_offer_but_not_change_it(org, login):
    made = offer(login(org.erik))
    admin = login(org.admin)
    assert admin.patch(f"{OFFERS}/{made['id']}", json={"note": "edited"}).status_code == 403
    assert login(org.nora).delete(f"{OFFERS}/{made['id']}").status_code == 403
    assert admin.delete(f"{OFFERS}/{made['id']}").status_code == 204


def test_capacity_stays_above_the_places_held(org, login):
    erik = login(org.erik)
    made = offer(erik, capacity=3)
    ask(login(org.sara), made["id"])
    ask(login(org.nora), made["id"])
    low = erik.patch(f"{OFFERS}/{made['id']}", json={"capacity": 1})
    assert low.status_code == 422 and "capacity" in low.get_json()["errors"]["json"]
    assert ok(erik.patch(f"{OFFERS}/{made['id']}", json={"capacity": 2}))["places_left"] == 0


def test_bad_input_is_named_per_field_in_the_persons_language(org, login, make_user):
    sven = login(make_user("sven@acme.example", locale="sv"))
    bad = sven.post(OFFERS, json={"kind": "boss", "topics": [], "capacity": 0, "note": 5})
    assert bad.status_code == 422
    errors = bad.get_json()["errors"]["json"]
    assert set(errors) == {"kind", "topics", "capacity", "note"}
    assert bad.get_json()["message"] == "En del av det du skickade är inte giltigt."
    assert errors["topics"] == ["Nämn mellan 1 och 10 ämnen."]
    blank = sven.post(OFFERS, json={"kind": "mentor", "topics": ["#", "  "]})
    assert blank.status_code == 422 and blank.get_json()["errors"]["json"]["topics"] == ["Nämn minst ett ämne."]
    assert sven.patch(f"{OFFERS}/1", json={}).status_code == 422
    assert sven.get(f"{OFFERS}?kind=guru").status_code == 422
    assert ok(sven.get(OFFERS)) == []


def test_suggestions_follow_what_i_saved_and_logged_other_teams_first(org, login):
    sara = login(org.sara)
    for url, tags in (("kafka", ["Kafka"]), ("sql", ["SQL"])):
        made = ok(
            sara.post("/api/v1/resources", json={"url": f"https://example.com/{url}", "kind": "article", "tags": tags}),
            201,
        )
        if url == "kafka":
            ok(sara.put(f"/api/v1/resources/{made['id']}/save"))
        else:
            log = {"minutes": 20, "activity": "article", "resource_id": made["id"]}
            ok(sara.post("/api/v1/entries", json=log), 201)
    same_team = offer(login(org.erik), topics=["SQL"])
    other_team = offer(login(org.nora), "shadow", topics=["sql", "support"])
    kafka = offer(login(org.lars), topics=["kafka"])
    offer(login(org.maja), topics=["design"])  # nothing Sara reads about
    full = offer(login(org.admin), topics=["SQL"])
    ask(login(org.nora), full["id"])
    found = ok(sara.get("/api/v1/mentoring/suggestions"))
    assert [o["id"] for o in found] == [kafka["id"], other_team["id"], same_team["id"]]
    assert found[1]["matched_topics"] == ["sql"]
    ask(sara, kafka["id"])  # asked already: no longer suggested
    assert [o["id"] for o in ok(sara.get("/api/v1/mentoring/suggestions"))] == [other_team["id"], same_team["id"]]


def test_what_i_ask_for_is_suggested_first(org, login):
    sara = login(org.sara)
    offer(sara, "ask", topics=["Rust"])
    rust = offer(login(org.erik), topics=["rust"])
    suggested = service.suggestions(org.sara)
    assert [(o.id, topics) for o, topics in suggested] == [(rust["id"], ["rust"])]
    assert service.suggestions(org.nora) == []
    db.session.rollback()
