"""The offline outbox: batches with good and bad items, replays, large batches."""

import json
import uuid
from datetime import timedelta

from server.clock import local_today
from server.extensions import db
from server.log import service
from server.log.models import Entry


def item(days_ago: int = 0, **changes) -> dict:
    body = {
        "id": str(uuid.uuid4()),
        "date": (local_today("Europe/Stockholm") - timedelta(days=days_ago + 1)).isoformat(),
        "minutes": 15,
        "activity": "article",
        "title": "Offline på pendeln",
    }
    body.update(changes)
    return body


def stored_ids() -> set[str]:
    db.session.expire_all()
    return set(db.session.scalars(db.select(Entry.id)))


def test_mixed_batch_stores_the_valid_items(org, login):
    api = login(org.erik)
    good = [item(), item(activity="book", note="Kapitel 3"), item(days_ago=8)]
    bad = [
        item(minutes=0),
        item(activity="napping"),
        {"minutes": 10, "activity": "book"},
        item(date=(local_today(org.erik.timezone) + timedelta(days=2)).isoformat()),
        "not even an object",
        item(id="1234"),
    ]
    outbox = [good[0], bad[0], bad[1], good[1], bad[2], bad[3], bad[4], bad[5], good[2]]
    response = api.post("/api/v1/entries/sync", json={"entries": outbox})
    assert response.status_code == 200, response.get_json()
    results = response.get_json()["results"]
    assert [r["status"] for r in results] == [
        "created",
        "invalid",
        "invalid",
        "created",
        "invalid",
        "invalid",
        "invalid",
        "invalid",
        "created",
    ]
    assert [r["id"] for r in results] == [
        good[0]["id"],
        bad[0]["id"],
        bad[1]["id"],
        good[1]["id"],
        None,
        bad[3]["id"],
        None,
        "1234",
        good[2]["id"],
    ]
    assert "minutes" in results[1]["errors"] and "activity" in results[2]["errors"]
    assert "id" in results[4]["errors"] and "date" in results[5]["errors"] and results[6]["errors"]
    assert "id" in results[7]["errors"]
    assert all("errors" not in r for r in results if r["status"] == "created")
    assert stored_ids() == {g["id"] for g in good}


def test_replaying_the_outbox_is_harmless(org, login):
    api = login(org.erik)
    outbox = [item() for _ in range(5)]
    first = api.post("/api/v1/entries/sync", json={"entries": outbox[:3]}).get_json()["results"]
    assert [r["status"] for r in first] == ["created"] * 3
    # The answer was lost on the subway: everything is sent again, plus two new ones and a repeat.
    again = api.post("/api/v1/entries/sync", json={"entries": [*outbox, outbox[4]]}).get_json()["results"]
    assert [r["status"] for r in again] == ["duplicate"] * 3 + ["created", "created", "duplicate"]
    assert stored_ids() == {o["id"] for o in outbox}
    single = api.post("/api/v1/entries", json=outbox[0])
    assert single.status_code == 200


def test_a_repeated_item_fares_as_its_first_copy(org, login):
    good, bad = item(), item(date=(local_today(org.erik.timezone) + timedelta(days=3)).isoformat())
    results = login(org.erik).post("/api/v1/entries/sync", json={"entries": [good, bad, good, bad]}).get_json()
    assert [r["status"] for r in results["results"]] == ["created", "invalid", "duplicate", "invalid"]
    assert "date" in results["results"][3]["errors"]
    assert stored_ids() == {good["id"]}


def test_replay_does_not_count_towards_the_day_cap_again(org, login):
    api = login(org.erik)
    outbox = [item(minutes=600), item(minutes=600), item(minutes=240)]
    assert [r["status"] for r in api.post("/api/v1/entries/sync", json={"entries": outbox}).get_json()["results"]] == [
        "created"
    ] * 3
    again = api.post("/api/v1/entries/sync", json={"entries": [*outbox, item(minutes=1)]}).get_json()["results"]
    assert [r["status"] for r in again] == ["duplicate"] * 3 + ["invalid"]
    assert "minutes" in again[3]["errors"]


def test_day_cap_within_one_batch(org, login):
    outbox = [item(minutes=600), item(minutes=600), item(minutes=600), item(days_ago=1, minutes=600)]
    results = login(org.erik).post("/api/v1/entries/sync", json={"entries": outbox}).get_json()["results"]
    assert [r["status"] for r in results] == ["created", "created", "invalid", "created"]


def test_someone_elses_id_in_a_batch_is_invalid(org, login):
    taken = item()
    login(org.sara).post("/api/v1/entries/sync", json={"entries": [taken]})
    results = login(org.erik).post("/api/v1/entries/sync", json={"entries": [taken]}).get_json()["results"]
    assert results == [{"id": taken["id"], "status": "invalid", "errors": {"id": ["This id is already in use."]}}]
    db.session.expire_all()
    assert db.session.get(Entry, taken["id"]).user_id == org.sara.id


def test_a_full_outbox_of_500(org, login):
    api = login(org.erik)
    outbox = [item(days_ago=i % 300, minutes=1 + i % 60) for i in range(500)]
    response = api.post("/api/v1/entries/sync", json={"entries": outbox})
    assert response.status_code == 200
    assert [r["status"] for r in response.get_json()["results"]] == ["created"] * 500
    assert stored_ids() == {o["id"] for o in outbox}
    assert sum(e.minutes for e in service.entries_in_range(org.erik)) == sum(o["minutes"] for o in outbox)


def test_501_items_is_too_many(org, login):
    response = login(org.erik).post("/api/v1/entries/sync", json={"entries": [item() for _ in range(501)]})
    assert response.status_code == 422 and "entries" in response.get_json()["errors"]["json"]
    assert stored_ids() == set()


def test_batch_shape_errors(org, login):
    api = login(org.erik)
    for body in ({}, {"entries": "x"}, {"entries": None}):
        response = api.post("/api/v1/entries/sync", json=body)
        assert response.status_code == 422 and "entries" in response.get_json()["errors"]["json"], body
    assert api.post("/api/v1/entries/sync", json={"entries": []}).get_json() == {"results": []}


def test_sync_service_directly(org):
    first, second = item(), item(activity="webinar")
    results = service.sync_entries(
        org.erik,
        [
            {"data": {**first, "date": local_today("Europe/Stockholm")}},
            {"id": None, "errors": {"id": ["missing"]}},
            {"data": {**second, "date": local_today("Europe/Stockholm")}},
        ],
        today=local_today("Europe/Stockholm"),
    )
    db.session.commit()
    assert [r["status"] for r in results] == ["created", "invalid", "created"]
    assert {e.activity for e in service.entries_in_range(org.erik)} == {"article", "webinar"}


def test_items_no_database_can_take_are_invalid_and_their_siblings_stored(org, login):
    """What a broken outbox may hold: a `null`, a lone surrogate, years outside the log. Each is
    answered `invalid` with its reason; the good items around them are stored."""
    api = login(org.erik)
    good = [item(), item(activity="podcast"), item(days_ago=3)]
    outbox = [
        good[0],
        None,
        item(title="Halv \ud800 titel"),
        good[1],
        item(date="0001-01-01"),
        item(date="99999-01-01"),
        item(note="\udfff"),
        good[2],
    ]
    # Sent as the JSON text a browser makes of such strings (`JSON.stringify` escapes lone surrogates).
    body = json.dumps({"entries": outbox})
    assert "\\ud800" in body
    response = api.post("/api/v1/entries/sync", data=body, content_type="application/json")
    assert response.status_code == 200, response.get_json()
    results = response.get_json()["results"]
    assert [r["status"] for r in results] == [
        "created",
        "invalid",
        "invalid",
        "created",
        "invalid",
        "invalid",
        "invalid",
        "created",
    ]
    assert [r["id"] for r in results] == [o and o["id"] for o in outbox]
    assert results[1]["errors"] == {"_schema": ["An entry is needed here, not null."]}
    assert results[2]["errors"] == {"title": ["Not valid text."]}
    assert results[4]["errors"] == {"date": ["Too long ago."]}
    assert results[5]["errors"] == {"date": ["Not a valid date."]}
    assert results[6]["errors"] == {"note": ["Not valid text."]}
    assert stored_ids() == {g["id"] for g in good}


def test_the_reasons_come_in_the_persons_language(org, login, make_user):
    astrid = make_user("astrid@acme.example", locale="sv")
    outbox = [None, item(title="\ud800"), item(date="0001-01-01"), item(minutes=0)]
    results = (
        login(astrid)
        .post("/api/v1/entries/sync", data=json.dumps({"entries": outbox}), content_type="application/json")
        .get_json()["results"]
    )
    assert [r["errors"] for r in results] == [
        {"_schema": ["Här behövs en post, inte null."]},
        {"title": ["Inte giltig text."]},
        {"date": ["För länge sedan."]},
        {"minutes": ["Måste vara minst 1 och högst 600."]},
    ]


def test_changes_and_deletions_replayed_from_the_outbox(org, login):
    """The outbox replays a change or a deletion until it hears an answer: a deletion of an entry that
    is already gone answers 404 (which the outbox counts as done), a change to it 404 too."""
    api = login(org.erik)
    entry = item()
    api.post("/api/v1/entries/sync", json={"entries": [entry]})
    for _ in range(2):
        changed = api.patch(f"/api/v1/entries/{entry['id']}", json={"minutes": 30})
        assert changed.status_code == 200 and changed.get_json()["minutes"] == 30
    assert api.delete(f"/api/v1/entries/{entry['id']}").status_code == 204
    assert api.delete(f"/api/v1/entries/{entry['id']}").status_code == 404
    assert api.patch(f"/api/v1/entries/{entry['id']}", json={"minutes": 20}).status_code == 404
    assert stored_ids() == set()
