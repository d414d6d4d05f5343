"""The "popular this week" shelf: most saved and most "worth it" in the last seven days."""

from datetime import timedelta

from server.bank import service
from server.bank.models import Reaction, Save
from server.clock import utcnow
from server.extensions import db


def test_the_shelf_counts_only_this_weeks_saves_and_reactions(org, share, login):
    old = share(org.sara, "https://example.com/old-favourite", title="Old favourite")
    hot = share(org.sara, "https://example.com/hot", title="Hot")
    warm = share(org.erik, "https://example.com/warm", title="Warm")
    gone = share(org.erik, "https://example.com/gone", title="Gone")
    theirs = share(org.outsider, "https://example.com/theirs", title="OTHER")
    for person in (org.erik, org.nora, org.maja):
        login(person).put(f"/api/v1/resources/{old['id']}/save")
    nine_days_ago = utcnow() - timedelta(days=9)
    db.session.execute(db.update(Save).where(Save.resource_id == old["id"]).values(created_at=nine_days_ago))
    db.session.commit()
    for person in (org.erik, org.nora):
        login(person).put(f"/api/v1/resources/{hot['id']}/save")
        login(person).put(f"/api/v1/resources/{hot['id']}/reaction")
        login(person).put(f"/api/v1/resources/{gone['id']}/save")
    login(org.sara).put(f"/api/v1/resources/{warm['id']}/reaction")
    login(org.outsider).put(f"/api/v1/resources/{theirs['id']}/save")
    login(org.erik).delete(f"/api/v1/resources/{gone['id']}")

    shelf = login(org.erik).get("/api/v1/resources/popular").get_json()
    assert [(i["title"], i["saves_in_period"], i["reactions_in_period"]) for i in shelf["items"]] == [
        ("Hot", 2, 2),
        ("Warm", 0, 1),
    ]
    assert shelf["items"][0]["saved_by_me"] is True and shelf["items"][0]["tags"] == []
    longer = login(org.erik).get("/api/v1/resources/popular?days=14&limit=1").get_json()["items"]
    assert [i["title"] for i in longer] == ["Hot"]
    assert login(org.erik).get("/api/v1/resources/popular?days=0").status_code == 422
    db.session.execute(db.update(Reaction).values(created_at=utcnow() - timedelta(days=8)))
    db.session.commit()
    assert [s["title"] for s in service.popular_summaries(org.erik.organisation_id, utcnow() - timedelta(days=7))] == [
        "Hot"
    ]
