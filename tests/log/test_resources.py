"""Time logged against a bank resource counts on that resource ("logged 14 times, 6 h")."""

import uuid
from datetime import timedelta

from server.bank import service as bank
from server.clock import local_today
from server.extensions import db
from server.log import service


def share(user, n: int = 1):
    resource, _ = bank.add_resource(
        user, {"url": f"https://podcasts.example/avsnitt/{n}", "kind": "podcast", "title": f"Avsnitt {n}"}
    )
    db.session.commit()
    return resource.id


def counts(api, resource_id: int) -> tuple[int, int]:
    body = api.get(f"/api/v1/resources/{resource_id}").get_json()
    return body["log_count"], body["logged_minutes"]


def entry(resource_id, **changes) -> dict:
    return {
        "id": str(uuid.uuid4()),
        "minutes": 28,
        "activity": "podcast",
        "title": "Lyssnade",
        "resource_id": resource_id,
        **changes,
    }


def test_logging_counts_on_the_resource(org, login):
    first, second = share(org.maja, 1), share(org.maja, 2)
    erik, sara = login(org.erik), login(org.sara)
    one = erik.post("/api/v1/entries", json=entry(first)).get_json()
    assert erik.post("/api/v1/entries", json=entry(first, id=one["id"])).status_code == 200  # replay
    sara.post(
        "/api/v1/entries/sync",
        json={
            "entries": [
                entry(first, minutes=30),
                entry(first, minutes=2),
                entry(second, minutes=600),
                entry(second, minutes=1000),
            ]
        },
    )
    assert counts(erik, first) == (3, 60)
    assert counts(erik, second) == (1, 600)
    assert service.resource_log_stats([first, second, 999]) == {
        first: {"count": 3, "minutes": 60},
        second: {"count": 1, "minutes": 600},
        999: {"count": 0, "minutes": 0},
    }

    path = f"/api/v1/entries/{one['id']}"
    assert erik.patch(path, json={"minutes": 40}).status_code == 200
    assert counts(erik, first) == (3, 72)
    assert erik.patch(path, json={"resource_id": second}).status_code == 200
    assert counts(erik, first) == (2, 32) and counts(erik, second) == (2, 640)
    assert erik.patch(path, json={"resource_id": None}).status_code == 200
    assert counts(erik, second) == (1, 600)
    assert erik.patch(path, json={"resource_id": first}).status_code == 200
    assert erik.delete(path).status_code == 204
    assert counts(erik, first) == (2, 32)
    assert service.resource_log_stats([first])[first] == {"count": 2, "minutes": 32}


def test_a_resource_from_another_organisation_is_refused(org, login):
    theirs = share(org.outsider, 7)
    api = login(org.erik)
    response = api.post("/api/v1/entries", json=entry(theirs))
    assert response.status_code == 422 and "resource_id" in response.get_json()["errors"]["json"]
    response = api.post("/api/v1/entries", json=entry(123456))
    assert response.status_code == 422 and "resource_id" in response.get_json()["errors"]["json"]
    results = api.post("/api/v1/entries/sync", json={"entries": [entry(theirs), entry(None)]}).get_json()["results"]
    assert [r["status"] for r in results] == ["invalid", "created"]
    assert "resource_id" in results[0]["errors"]
    assert counts(login(org.outsider), theirs) == (0, 0)


def test_time_logged_against_a_removed_resource_stays(org, login):
    resource_id = share(org.erik, 3)
    api = login(org.erik)
    logged = api.post("/api/v1/entries", json=entry(resource_id)).get_json()
    bank.remove_resource(org.erik, bank.visible_resource(org.erik, resource_id))
    db.session.commit()
    # The entry can still be edited without moving it off the resource; new time cannot be logged on it.
    assert api.patch(f"/api/v1/entries/{logged['id']}", json={"minutes": 30}).status_code == 200
    assert api.post("/api/v1/entries", json=entry(resource_id)).status_code == 422
    assert service.resource_log_stats([resource_id])[resource_id] == {"count": 1, "minutes": 30}
    last_week = (local_today(org.erik.timezone) - timedelta(days=7)).isoformat()
    assert api.patch(f"/api/v1/entries/{logged['id']}", json={"date": last_week}).status_code == 200


def test_a_replay_answers_with_the_stored_entry_after_its_resource_is_removed(org, login):
    """A phone may send the same entry again long after; if its resource was removed meanwhile the
    replay still answers with what was stored, not with a refusal."""
    resource_id = share(org.erik, 7)
    erik = login(org.erik)
    first = erik.post("/api/v1/entries", json=entry(resource_id))
    assert first.status_code == 201
    assert erik.delete(f"/api/v1/resources/{resource_id}").status_code == 204
    assert erik.post("/api/v1/entries", json=entry(resource_id)).status_code == 422  # a new one is refused
    again = erik.post("/api/v1/entries", json=entry(resource_id, id=first.get_json()["id"]))
    assert again.status_code == 200 and again.get_json() == first.get_json()
