"""Saved lists, "this was worth it", comments, what other features ask the bank, and personal data."""

from datetime import UTC, datetime, timedelta

from server.bank import service
from server.bank.models import Comment, Reaction, Resource, Save
from server.extensions import db


def test_save_and_the_saved_list(org, share, login):
    a = share(org.sara, "https://example.com/a", title="First")
    b = share(org.sara, "https://example.com/b", title="Second")
    share(org.outsider, "https://example.com/c")
    api = login(org.erik)
    assert api.put(f"/api/v1/resources/{a['id']}/save").get_json() == {
        "resource_id": a["id"],
        "saved": True,
        "save_count": 1,
    }
    assert api.put(f"/api/v1/resources/{a['id']}/save").get_json()["save_count"] == 1  # twice is once
    api.put(f"/api/v1/resources/{b['id']}/save")
    saved = api.get("/api/v1/me/saved").get_json()
    assert [i["id"] for i in saved["items"]] == [b["id"], a["id"]] and saved["next_cursor"] is None
    assert all(i["saved_by_me"] for i in saved["items"])
    first = api.get("/api/v1/me/saved?limit=1").get_json()
    rest = api.get("/api/v1/me/saved", query_string={"limit": 1, "cursor": first["next_cursor"]}).get_json()
    assert [i["id"] for i in first["items"] + rest["items"]] == [b["id"], a["id"]]
    assert login(org.nora).get("/api/v1/me/saved").get_json()["items"] == []
    assert api.delete(f"/api/v1/resources/{b['id']}/save").get_json() == {
        "resource_id": b["id"],
        "saved": False,
        "save_count": 0,
    }
    assert api.delete(f"/api/v1/resources/{b['id']}/save").get_json()["save_count"] == 0
    assert [i["id"] for i in api.get("/api/v1/me/saved").get_json()["items"]] == [a["id"]]
    assert [s["id"] for s in service.saved_for_user(org.erik)] == [a["id"]]
    login(org.sara).delete(f"/api/v1/resources/{a['id']}")
    assert api.get("/api/v1/me/saved").get_json()["items"] == []


def test_reaction_counts_once_per_person(org, share, login):
    item = share(org.sara, "https://example.com/worth-it")
    path = f"/api/v1/resources/{item['id']}/reaction"
    assert login(org.erik).put(path).get_json()["reaction_count"] == 1
    assert login(org.erik).put(path).get_json()["reaction_count"] == 1
    assert login(org.nora).put(path).get_json() == {"resource_id": item["id"], "reacted": True, "reaction_count": 2}
    assert login(org.erik).delete(path).get_json()["reaction_count"] == 1
    db.session.expire_all()
    resource = db.session.get(Resource, item["id"])
    assert resource.reaction_count == 1 and resource.popularity == 1


def test_comments_are_short_and_removable_by_author_or_admin(org, share, login):
    item = share(org.sara, "https://example.com/comment-on-me")
    path = f"/api/v1/resources/{item['id']}/comments"
    erik = login(org.erik)
    made = erik.post(path, json={"body": "  Tre saker jag tar med mig.  "})
    assert made.status_code == 201
    comment = made.get_json()
    assert comment["body"] == "Tre saker jag tar med mig." and comment["author"]["name"] == "Erik"
    assert erik.post(path, json={"body": "x" * 501}).status_code == 422
    assert erik.post(path, json={"body": "   "}).status_code == 422
    assert erik.post(path, json={}).status_code == 422
    second = login(org.nora).post(path, json={"body": "Håller med!"}).get_json()
    listed = login(org.maja).get(path).get_json()
    assert [c["body"] for c in listed] == ["Tre saker jag tar med mig.", "Håller med!"]
    assert [c["can_delete"] for c in listed] == [False, False]
    assert login(org.nora).delete(f"/api/v1/comments/{comment['id']}").status_code == 403
    assert login(org.outsider_admin).delete(f"/api/v1/comments/{comment['id']}").status_code == 404
    assert erik.delete(f"/api/v1/comments/{comment['id']}").status_code == 204
    assert login(org.admin).delete(f"/api/v1/comments/{second['id']}").status_code == 204
    assert login(org.maja).get(path).get_json() == []
    assert erik.delete("/api/v1/comments/999999").status_code == 404


def test_interfaces_for_log_reminders_and_team_totals(org, share, login):
    short = share(org.sara, "https://example.com/short", kind="podcast", duration_minutes=15)
    long = share(org.sara, "https://example.com/long", kind="course", duration_minutes=90)
    popular = share(org.sara, "https://example.com/popular", kind="article")
    erik = login(org.erik)
    erik.put(f"/api/v1/resources/{long['id']}/save")
    erik.put(f"/api/v1/resources/{short['id']}/save")
    login(org.nora).put(f"/api/v1/resources/{popular['id']}/save")
    login(org.maja).put(f"/api/v1/resources/{popular['id']}/save")
    db.session.expire_all()

    assert service.suggest_for(org.erik, 20)["id"] == short["id"]
    assert service.suggest_for(org.erik, 120)["id"] == long["id"]
    assert service.suggest_for(org.nora, 30)["id"] == popular["id"]
    assert service.suggest_for(org.sara, 30)["source"] == "popular"
    assert service.suggest_for(org.outsider, 30) is None

    summaries = service.resource_summaries([short["id"], long["id"], 424242])
    assert summaries[short["id"]] == {
        "id": short["id"],
        "title": "A title",
        "kind": "podcast",
        "url": "https://example.com/short",
        "duration_minutes": 15,
        "removed": False,
    }
    assert set(summaries) == {short["id"], long["id"]}

    now = datetime.now(UTC)
    ranked = service.most_saved_resources(
        [org.erik.id, org.nora.id, org.maja.id], now - timedelta(days=1), now + timedelta(minutes=1)
    )
    assert ranked[0] == (popular["id"], 2) and len(ranked) == 3
    assert service.most_saved_resources([org.erik.id], now + timedelta(days=1), now + timedelta(days=2)) == []

    service.note_logged_time(short["id"], 2, 30)
    service.note_logged_time(short["id"], -1, -15)
    db.session.commit()
    db.session.expire_all()
    resource = db.session.get(Resource, short["id"])
    assert (resource.log_count, resource.logged_minutes, resource.popularity) == (1, 15, 2)


def test_personal_data_export_and_erase(app, org, share, login):
    item = share(org.erik, "https://example.com/eriks", title="Eriks tips")
    other = share(org.sara, "https://example.com/saras")
    share(org.erik, "https://example.com/saras", expect=200)
    erik = login(org.erik)
    erik.put(f"/api/v1/resources/{other['id']}/save")
    erik.put(f"/api/v1/resources/{other['id']}/reaction")
    erik.post(f"/api/v1/resources/{other['id']}/comments", json={"body": "Min kommentar"})
    export, erase = app.extensions["personal_data"]["bank"]
    db.session.expire_all()
    data = export(org.erik)
    assert [r["title"] for r in data["shared_resources"]] == ["Eriks tips"]
    assert [s["resource_id"] for s in data["saves"]] == [other["id"]]
    assert [s["resource_id"] for s in data["reactions"]] == [other["id"]]
    assert [s["resource_id"] for s in data["also_shared"]] == [other["id"]]
    assert [c["body"] for c in data["comments"]] == ["Min kommentar"]

    erase(org.erik)
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Resource, item["id"]).shared_by_id is None
    kept = db.session.get(Resource, other["id"])
    assert (kept.save_count, kept.reaction_count, kept.popularity) == (0, 0, 0)
    for model in (Save, Reaction, Comment):
        assert db.session.scalar(db.select(db.func.count()).select_from(model)) == 0
    detail = login(org.sara).get(f"/api/v1/resources/{item['id']}").get_json()
    assert detail["shared_by"] is None and detail["title"] == "Eriks tips"
