"""What a reminder suggests: something from the bank that fits, not something already logged."""

from server.extensions import db
from server.reminders import dispatch


def test_suggestion_skips_what_the_user_has_already_logged(org, login):
    sara = login(org.sara)

    def share(url, kind, minutes):
        body = {"url": url, "kind": kind, "title": "A title", "duration_minutes": minutes}
        return sara.post("/api/v1/resources", json=body).get_json()

    short = share("https://example.com/short", "podcast", 15)
    share("https://example.com/other", "article", 25)
    login(org.nora).put(f"/api/v1/resources/{short['id']}/save")  # the most popular one
    db.session.expire_all()
    assert dispatch.suggestion_for(org.sara, 30)["id"] == short["id"]
    logged = sara.post(
        "/api/v1/entries",
        json={
            "date": "2026-01-05",
            "minutes": 15,
            "activity": "podcast",
            "title": "Listened",
            "resource_id": short["id"],
        },
    )
    assert logged.status_code == 201
    db.session.expire_all()
    suggestion = dispatch.suggestion_for(org.sara, 30)
    assert suggestion is not None and suggestion["id"] != short["id"]
