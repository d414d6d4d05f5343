"""Adding, duplicates, reading, editing and removing resources; one bank per organisation."""

from server.bank import service
from server.bank.models import Resource, ResourceSharer
from server.extensions import db


def test_add_a_resource_with_tags(org, share):
    item = share(
        org.sara,
        "https://Example.com/leadership/?utm_source=linkedin#top",
        kind="podcast",
        title="  Ledarskap i praktiken ",
        description="Ett avsnitt om feedback.",
        tags=["Ledarskap", " feedback ", "ledarskap", "#Coaching"],
        duration_minutes=28,
    )
    assert item["url"] == "https://Example.com/leadership/#top"  # as shared, minus the tracking
    assert item["title"] == "Ledarskap i praktiken"
    assert item["kind"] == "podcast"
    assert item["tags"] == ["coaching", "feedback", "ledarskap"]
    assert item["duration_minutes"] == 28
    assert item["shared_by"] == {"id": org.sara.id, "name": "Sara"}
    assert item["duplicate"] is False
    assert item["save_count"] == 0 and item["log_count"] == 0


def test_adding_a_url_already_in_the_bank_answers_the_existing_one(org, share, login):
    first = share(org.sara, "https://example.com/guide", title="The guide")
    again = share(org.erik, "https://EXAMPLE.com/guide/?fbclid=abc", title="Another title", expect=200)
    assert again["id"] == first["id"]
    assert again["duplicate"] is True
    assert again["title"] == "The guide"
    assert again["also_shared_by"] == [{"id": org.erik.id, "name": "Erik"}]
    share(org.erik, "https://example.com/guide", expect=200)  # a second time records nothing new
    share(org.sara, "https://example.com/guide", expect=200)  # nor does the first sharer
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count()).select_from(ResourceSharer)) == 1
    detail = login(org.nora).get(f"/api/v1/resources/{first['id']}").get_json()
    assert detail["shared_by"]["name"] == "Sara"
    assert [p["name"] for p in detail["also_shared_by"]] == ["Erik"]


def test_another_organisation_has_its_own_bank(org, share, login):
    mine = share(org.sara, "https://example.com/shared-everywhere")
    theirs = share(org.outsider, "https://example.com/shared-everywhere")
    assert theirs["id"] != mine["id"] and theirs["duplicate"] is False
    outsider = login(org.outsider)
    assert outsider.get(f"/api/v1/resources/{mine['id']}").status_code == 404
    assert outsider.put(f"/api/v1/resources/{mine['id']}/save").status_code == 404
    assert outsider.put(f"/api/v1/resources/{mine['id']}/reaction").status_code == 404
    assert outsider.get(f"/api/v1/resources/{mine['id']}/comments").status_code == 404
    assert outsider.post(f"/api/v1/resources/{mine['id']}/comments", json={"body": "hi"}).status_code == 404
    assert login(org.outsider_admin).patch(f"/api/v1/resources/{mine['id']}", json={"title": "x"}).status_code == 404
    assert login(org.outsider_admin).delete(f"/api/v1/resources/{mine['id']}").status_code == 404
    listed = outsider.get("/api/v1/resources").get_json()["items"]
    assert [i["id"] for i in listed] == [theirs["id"]]
    assert service.resource_visible(org.outsider.organisation_id, mine["id"]) is False
    assert service.resource_visible(org.sara.organisation_id, mine["id"]) is True


def test_bad_input_names_the_field(org, login):
    api = login(org.sara)
    cases = [
        ({"kind": "article"}, "url"),
        ({"url": "ftp://example.com/x", "kind": "article", "title": "x"}, "url"),
        ({"url": "not a url", "kind": "article", "title": "x"}, "url"),
        ({"url": "https://example.com/x", "kind": "tweet", "title": "x"}, "kind"),
        ({"url": "https://example.com/x", "kind": "article", "title": "x" * 301}, "title"),
        ({"url": "https://example.com/x", "kind": "article", "title": "x", "tags": ["a" * 41]}, "tags"),
        ({"url": "https://example.com/x", "kind": "webinar", "title": "x", "starts_at": "tomorrow"}, "starts_at"),
        ({"url": "https://example.com/x", "kind": "podcast", "title": "x", "duration_minutes": -5}, "duration_minutes"),
    ]
    for body, field in cases:
        response = api.post("/api/v1/resources", json=body)
        assert response.status_code == 422, body
        assert field in response.get_json()["errors"]["json"], response.get_json()
    assert db.session.scalar(db.select(db.func.count()).select_from(Resource)) == 0


def test_needs_a_login(client, org, share):
    item = share(org.sara, "https://example.com/x")
    assert client.get("/api/v1/resources").status_code == 401
    assert client.get(f"/api/v1/resources/{item['id']}").status_code == 401
    assert client.post("/api/v1/resources", json={"url": "https://example.com/y", "kind": "book"}).status_code == 401


def test_webinar_start_is_stored_in_utc(org, share):
    item = share(org.sara, "https://example.com/webinar", kind="webinar", starts_at="2030-01-15T10:00:00+01:00")
    assert item["starts_at"].startswith("2030-01-15T09:00:00")


def test_owner_and_admin_edit_others_may_not(org, share, login):
    item = share(org.sara, "https://example.com/edit-me", tags=["old"])
    path = f"/api/v1/resources/{item['id']}"
    assert login(org.erik).patch(path, json={"title": "Mine now"}).status_code == 403
    assert login(org.maja).patch(path, json={"title": "Manager"}).status_code == 403
    changed = login(org.sara).patch(
        path, json={"title": "Better title", "tags": ["New", "other"], "description": None, "kind": "book"}
    )
    assert changed.status_code == 200, changed.get_json()
    assert changed.get_json()["tags"] == ["new", "other"] and changed.get_json()["kind"] == "book"
    by_admin = login(org.admin).patch(path, json={"duration_minutes": 45})
    assert by_admin.status_code == 200 and by_admin.get_json()["title"] == "Better title"
    assert login(org.sara).patch(path, json={"title": "   "}).status_code == 422
    assert login(org.sara).patch(path, json={"kind": "meme"}).status_code == 422


def test_editing_the_url_to_one_already_in_the_bank_is_a_conflict(org, share, login):
    share(org.sara, "https://example.com/one")
    two = share(org.sara, "https://example.com/two")
    answer = login(org.sara).patch(f"/api/v1/resources/{two['id']}", json={"url": "https://example.com/one/"})
    assert answer.status_code == 409
    moved = login(org.sara).patch(f"/api/v1/resources/{two['id']}", json={"url": "https://example.com/three#x"})
    assert moved.get_json()["url"] == "https://example.com/three#x"
    assert share(org.erik, "https://example.com/three", expect=200)["id"] == two["id"]


def test_remove_keeps_logged_time_and_hides_it(org, share, login):
    item = share(org.sara, "https://example.com/remove-me")
    service.note_logged_time(item["id"], 1, 30)
    db.session.commit()
    path = f"/api/v1/resources/{item['id']}"
    assert login(org.erik).delete(path).status_code == 403
    assert login(org.sara).delete(path).status_code == 204
    api = login(org.erik)
    assert api.get(path).status_code == 404
    assert api.get("/api/v1/resources").get_json()["items"] == []
    assert api.put(f"{path}/save").status_code == 404
    db.session.expire_all()
    summary = service.resource_summaries([item["id"]])[item["id"]]
    assert summary["removed"] is True and summary["title"] == "A title"
    assert db.session.get(Resource, item["id"]).logged_minutes == 30
    assert service.resource_visible(org.sara.organisation_id, item["id"]) is False


def test_admin_removes_anyones_and_sharing_again_brings_it_back(org, share, login):
    item = share(org.sara, "https://example.com/back")
    assert login(org.admin).delete(f"/api/v1/resources/{item['id']}").status_code == 204
    back = share(org.erik, "https://example.com/back", title="Back again", expect=201)
    assert back["id"] == item["id"] and back["title"] == "Back again"
    assert back["shared_by"]["name"] == "Erik"


def test_detail_shows_counts_and_my_state(org, share, login):
    item = share(org.sara, "https://example.com/detail", tags=["ux"])
    erik = login(org.erik)
    erik.put(f"/api/v1/resources/{item['id']}/save")
    erik.put(f"/api/v1/resources/{item['id']}/reaction")
    erik.post(f"/api/v1/resources/{item['id']}/comments", json={"body": "Bra poäng om intervjuer."})
    service.note_logged_time(item["id"], 2, 50)
    db.session.commit()
    detail = erik.get(f"/api/v1/resources/{item['id']}").get_json()
    assert detail["save_count"] == 1 and detail["reaction_count"] == 1
    assert detail["log_count"] == 2 and detail["logged_minutes"] == 50
    assert detail["saved_by_me"] is True and detail["reacted_by_me"] is True
    assert detail["can_edit"] is False
    assert [c["body"] for c in detail["comments"]] == ["Bra poäng om intervjuer."]
    other = login(org.nora).get(f"/api/v1/resources/{item['id']}").get_json()
    assert other["saved_by_me"] is False and other["reacted_by_me"] is False
    assert other["comments"][0]["author"]["name"] == "Erik"


def test_tag_suggestions_most_used_first(org, share, login):
    share(org.sara, "https://example.com/1", tags=["ledarskap", "feedback"])
    share(org.sara, "https://example.com/2", tags=["ledarskap", "lean"])
    share(org.erik, "https://example.com/3", tags=["ledarskap", "lean", "ai"])
    share(org.outsider, "https://example.com/4", tags=["ledning"])
    api = login(org.nora)
    assert api.get("/api/v1/tags?prefix=le").get_json() == [
        {"name": "ledarskap", "count": 3},
        {"name": "lean", "count": 2},
    ]
    assert [t["name"] for t in api.get("/api/v1/tags").get_json()] == ["ledarskap", "lean", "ai", "feedback"]
    assert api.get("/api/v1/tags?prefix=%25").get_json() == []
