"""A person's knowledge sessions and lessons in their data export, and what erasing the account does."""

from server.calendar.models import CalendarFeed
from server.extensions import db
from server.lessons.models import Lesson
from server.sessions.models import KnowledgeSession, Rsvp, SessionSeries
from tests.sessions.helpers import plan
from tests.support import PASSWORD


def test_export_and_erase(org, login, client):
    erik, sara = login(org.erik), login(org.sara)
    hosted = plan(erik, title="Eriks frukost")
    joined = plan(sara, title="Saras lunch")
    erik.put(f"/api/v1/sessions/{joined['id']}/rsvp")
    named = erik.post(
        "/api/v1/lessons", json={"title": "Öppen lärdom", "learned": "Fråga tidigt", "outcome": "success"}
    ).get_json()
    secret = erik.post(
        "/api/v1/lessons",
        json={"title": "Anonym lärdom", "learned": "Testa backuper", "outcome": "failure", "anonymous": True},
    ).get_json()
    feed = erik.get("/api/v1/me/calendar").get_json()["url"].split("localhost", 1)[1]
    series = erik.post(
        "/api/v1/series", json={"title": "Eriks serie", "starts_at": "2030-01-04T07:00:00Z", "frequency": "monthly"}
    ).get_json()
    sara.put(f"/api/v1/lessons/{named['id']}/thanks")
    erik.put(f"/api/v1/lessons/{secret['id']}/thanks")  # his own: refused, nothing stored

    export = erik.get("/api/v1/me/export").get_json()
    data = export["sessions"]
    assert [r["session_id"] for r in data["rsvps"]] == [joined["id"]]
    own = [s for s in data["sessions"] if s["title"] != "Eriks serie"]  # the series made sessions too
    assert [s["id"] for s in own] == [hosted["id"]] and own[0]["host"] is True
    assert {item["title"]: item["anonymous"] for item in export["lessons"]["written"]} == {
        "Öppen lärdom": False,
        "Anonym lärdom": True,
    }
    assert [s["title"] for s in data["series"]] == ["Eriks serie"]
    assert login(org.sara).get("/api/v1/me/export").get_json()["lessons"]["thanked_lesson_ids"] == [named["id"]]

    assert erik.delete("/api/v1/me", json={"password": PASSWORD}).status_code == 204
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count()).select_from(Rsvp).where(Rsvp.user_id == org.erik.id)) == 0
    assert db.session.get(CalendarFeed, org.erik.id) is None
    assert client.get(feed).status_code == 404
    for lesson_id in (named["id"], secret["id"]):
        lesson = db.session.get(Lesson, lesson_id)
        assert lesson.author_id is None and lesson.anonymous is True  # kept for the organisation, nameless
    assert db.session.get(KnowledgeSession, hosted["id"]).host_id is None
    assert db.session.get(SessionSeries, series["id"]).created_by_id is None
    shown = sara.get(f"/api/v1/lessons/{named['id']}").get_json()
    assert shown["author"] is None and shown["learned"] == "Fråga tidigt"
