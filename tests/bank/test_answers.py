"""The bank's list is written out without marshmallow (`present.listed`): it must answer exactly as
ResourceSchema dumps the same resources, key for key and in the same order."""

from datetime import UTC, datetime, timedelta

from server.bank.models import Resource
from server.bank.present import describe_many
from server.bank.schemas import ResourceSchema
from server.extensions import db


def _expected(viewer, ids: list[int]) -> list[dict]:
    db.session.expire_all()
    resources = [db.session.get(Resource, i) for i in ids]
    return ResourceSchema(many=True).dump(describe_many(resources, viewer))


def test_a_page_answers_as_the_schema_dumps_it(org, share, login):
    plain = share(org.erik, "https://example.com/plain", tags=["ledarskap", "ai", "öl"])
    starts = (datetime.now(UTC) + timedelta(days=3)).isoformat()
    webinar = share(
        org.sara,
        "https://example.com/webinar",
        kind="webinar",
        starts_at=starts,
        duration_minutes=45,
        description=None,
        title="Ett webbinarium",
    )
    own = share(org.maja, "https://example.com/own", tags=["data"], description="Om data")
    sara = login(org.sara)
    assert sara.put(f"/api/v1/resources/{plain['id']}/save").status_code == 200
    assert sara.put(f"/api/v1/resources/{own['id']}/reaction").status_code == 200
    assert sara.delete("/api/v1/me", json={"password": "correct horse battery"}).status_code == 204

    for viewer in (org.erik, org.admin):
        api = login(viewer)
        for query in ("", "?sort=popular", "?q=data", "?kind=webinar", "?tag=ai", "?limit=2"):
            items = api.get(f"/api/v1/resources{query}").get_json()["items"]
            assert items, query
            expected = _expected(viewer, [item["id"] for item in items])
            assert items == expected
            assert [list(item) for item in items] == [list(e) for e in expected]
    erik_items = login(org.erik).get("/api/v1/resources").get_json()["items"]
    by_id = {item["id"]: item for item in erik_items}
    assert by_id[webinar["id"]]["shared_by"] is None  # its sharer deleted their account
    assert by_id[plain["id"]]["can_edit"] is True and by_id[own["id"]]["can_edit"] is False


def test_the_viewers_own_saves_and_reactions_show(org, share, login):
    first = share(org.erik, "https://example.com/first")
    share(org.erik, "https://example.com/second")
    sara = login(org.sara)
    assert sara.put(f"/api/v1/resources/{first['id']}/save").status_code == 200
    assert sara.put(f"/api/v1/resources/{first['id']}/reaction").status_code == 200
    items = sara.get("/api/v1/resources").get_json()["items"]
    assert [(i["saved_by_me"], i["reacted_by_me"], "saved_at" in i) for i in items] == [
        (False, False, False),
        (True, True, True),
    ]
    assert items == _expected(org.sara, [i["id"] for i in items])


def test_sharing_answers_as_reading_it_back_does(org, share, login):
    """A new resource is described from what was just written (no reading back): the answer holds
    what reading it back gives, tags in the same order."""
    first = share(
        org.erik,
        "https://example.com/new",
        tags=["Öppenhet", "agil", "Ledarskap", "ai ml", "agil"],
        description="Om att leda",
    )
    assert first["tags"] == ["agil", "ai ml", "ledarskap", "öppenhet"]
    again = login(org.erik).get(f"/api/v1/resources/{first['id']}").get_json()
    assert {key: first[key] for key in again if key in first} == {key: again[key] for key in again if key in first}
    assert set(again) - set(first) == {"comments"} and set(first) - set(again) == {"duplicate"}
    assert first["duplicate"] is False and first["saved_by_me"] is False and first["can_edit"] is True
    # The same page shared again by someone else: read back, with its first sharer.
    second = share(org.sara, "https://example.com/new?utm_source=x", expect=200, tags=["annat"])
    assert second["duplicate"] is True and second["shared_by"]["id"] == org.erik.id
    assert second["tags"] == first["tags"]
