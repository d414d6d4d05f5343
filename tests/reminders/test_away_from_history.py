"""Weeks marked away on the History screen (POST /me/away) reach the reminders and the streak: no
reminder is sent that week, and the streak neither grows nor breaks. The log's real week summary,
no stand-ins."""

from server.reminders import service
from tests.reminders.conftest import THURSDAY_1505


def test_an_away_week_gets_no_reminder(make_user, subscribe, push_service, sender, login):
    away, home = make_user("away@acme.example"), make_user("home@acme.example")
    devices = {person.email: subscribe(person, push_service)["endpoint"] for person in (away, home)}
    # The week of Thursday 26 November 2026, Monday to Friday, as the History screen sends it.
    marked = login(away).post(
        "/api/v1/me/away", json={"starts_on": "2026-11-23", "ends_on": "2026-11-27", "reason": "holiday"}
    )
    assert marked.status_code == 201
    counts = service.send_due(THURSDAY_1505)
    assert (counts["away"], counts["claimed"]) == (1, 1)
    [delivered] = push_service.wait_for(1)
    assert delivered.endpoint == devices["home@acme.example"]


def test_an_away_week_neither_grows_nor_breaks_the_streak(make_user, login):
    person = make_user("streak@acme.example")
    api = login(person)
    weeks = api.get("/api/v1/me/weeks?count=3").get_json()
    two_ago = weeks[2]["week_start"]
    assert (
        api.post(
            "/api/v1/entries", json={"date": two_ago, "minutes": 60, "activity": "book", "title": "Two weeks ago"}
        ).status_code
        == 201
    )
    before = api.get("/api/v1/me/weeks?count=3").get_json()
    assert before[1]["streak_weeks"] == 0  # last week was missed: the streak broke
    assert api.post("/api/v1/me/away", json={"week": weeks[1]["week"]}).status_code == 201
    after = api.get("/api/v1/me/weeks?count=3").get_json()
    assert after[1]["away"] is True and after[1]["streak_weeks"] == 1 and after[0]["streak_weeks"] == 1
