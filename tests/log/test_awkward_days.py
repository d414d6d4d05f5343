"""Weeks on the awkward days, each with the app's clock set there: ISO week 53 and the turn of the
year, a streak across it, Sunday 23:59 and Monday 00:00 where the person is while the server keeps
UTC, 29 February 2028, and the weeks that hold public holidays."""

from datetime import UTC, datetime

import pytest

from server.accounts.models import Organisation
from server.extensions import db

# Wednesday 6 January 2027, 11:00 in Stockholm: the first week of 2027 after ISO week 2026-W53
# (Monday 28 December to Sunday 3 January).
AFTER_NEW_YEAR = datetime(2027, 1, 6, 10, 0, tzinfo=UTC)


def _log(api, day: str, minutes: int = 60, activity: str = "podcast"):
    response = api.post(
        "/api/v1/entries", json={"date": day, "minutes": minutes, "activity": activity, "title": "Lyssnade"}
    )
    assert response.status_code == 201, response.get_json()


def _organisation(user) -> Organisation:
    return db.session.get(Organisation, user.organisation_id)


def test_week_53_and_a_streak_across_the_turn_of_the_year(org, login, clock):
    clock.set(AFTER_NEW_YEAR)
    api = login(org.erik)
    for day in ("2026-12-21", "2026-12-30", "2027-01-05"):
        _log(api, day)
    _log(api, "2027-01-03", 5, "article")  # Sunday: the last day of W53, not the first of W01
    weeks = api.get("/api/v1/me/weeks?count=3").get_json()
    assert [(w["week"], w["week_start"], w["minutes"]) for w in weeks] == [
        ("2027-W01", "2027-01-04", 60),
        ("2026-W53", "2026-12-28", 65),
        ("2026-W52", "2026-12-21", 60),
    ]
    assert [w["streak_weeks"] for w in weeks] == [3, 2, 1]
    assert weeks[1]["by_activity"] == {"article": 5, "podcast": 60}
    assert weeks[1]["holidays"] == [
        {"date": "2026-12-31", "name": "New Year's Eve"},
        {"date": "2027-01-01", "name": "New Year's Day"},
    ]
    current = api.get("/api/v1/me/weeks/current").get_json()
    assert (current["week"], current["streak_weeks"], current["met"]) == ("2027-W01", 3, True)


def test_a_missed_week_53_breaks_the_streak(org, login, clock):
    clock.set(AFTER_NEW_YEAR)
    api = login(org.erik)
    _log(api, "2026-12-21")
    _log(api, "2027-01-05")
    weeks = api.get("/api/v1/me/weeks?count=3").get_json()
    assert [(w["week"], w["met"], w["streak_weeks"]) for w in weeks] == [
        ("2027-W01", True, 1),
        ("2026-W53", False, 0),
        ("2026-W52", True, 1),
    ]


@pytest.mark.parametrize(
    ("moment", "week", "today", "tomorrow"),
    [
        # Sunday 3 January 2027, 23:59 in Stockholm (22:59 UTC): still W53.
        (datetime(2027, 1, 3, 22, 59, tzinfo=UTC), "2026-W53", "2027-01-03", "2027-01-04"),
        # Monday 4 January, 00:00 in Stockholm: the new week, while the server's UTC is still Sunday.
        (datetime(2027, 1, 3, 23, 0, tzinfo=UTC), "2027-W01", "2027-01-04", "2027-01-05"),
    ],
)
def test_the_week_turns_at_midnight_where_the_person_is(org, login, clock, moment, week, today, tomorrow):
    clock.set(moment)
    api = login(org.erik)
    _log(api, today, 30)
    current = api.get("/api/v1/me/weeks/current").get_json()
    assert (current["week"], current["minutes"]) == (week, 30)
    late = api.post(
        "/api/v1/entries", json={"date": tomorrow, "minutes": 10, "activity": "podcast", "title": "För tidigt"}
    )
    assert late.status_code == 422 and "date" in late.get_json()["errors"]["json"]


def test_29_february_2028(org, login, clock):
    clock.set(datetime(2028, 2, 29, 11, 0, tzinfo=UTC))
    api = login(org.erik)
    _log(api, "2028-02-29", 45)
    current = api.get("/api/v1/me/weeks/current").get_json()
    assert (current["week"], current["week_start"], current["minutes"]) == ("2028-W09", "2028-02-28", 45)
    away = api.post("/api/v1/me/away", json={"week": "2028-W09", "reason": "holiday"}).get_json()
    assert (away["starts_on"], away["ends_on"]) == ("2028-02-28", "2028-03-05")
    assert api.get("/api/v1/me/weeks/current").get_json()["away"] is True
    entries = api.get("/api/v1/entries?from=2028-02-29&to=2028-02-29").get_json()
    assert [e["date"] for e in entries] == ["2028-02-29"]


def test_holiday_weeks_have_a_smaller_goal_when_the_organisation_chooses_so(org, login, clock):
    clock.set(AFTER_NEW_YEAR)
    api = login(org.erik)
    _log(api, "2026-12-30", 40)
    assert api.get("/api/v1/me/weeks?count=2").get_json()[1]["goal_minutes"] == 60  # by default the hour is the hour
    admin = login(org.admin)
    assert admin.patch("/api/v1/organisation", json={"holiday_goal": "proportional"}).status_code == 200
    w53 = api.get("/api/v1/me/weeks?count=2").get_json()[1]
    # Sweden: New Year's Eve (Thursday) and Day (Friday) off: three working days of five.
    assert (w53["goal_minutes"], w53["remaining_minutes"], w53["met"]) == (36, 0, True)
    # Norway: only New Year's Day.
    changed = admin.patch("/api/v1/organisation", json={"country": "no"}).get_json()
    assert changed["country"] == "NO"
    w53 = api.get("/api/v1/me/weeks?count=2").get_json()[1]
    assert (w53["goal_minutes"], w53["met"], [h["date"] for h in w53["holidays"]]) == (48, False, ["2027-01-01"])
    # Back to the time zone's country.
    assert admin.patch("/api/v1/organisation", json={"country": None}).get_json()["country"] == "SE"


def test_an_unknown_country_is_named_in_the_persons_language(org, login):
    admin = login(org.admin)
    assert admin.patch("/api/v1/me", json={"locale": "sv"}).status_code == 200
    for bad in ("XX", "SWE", "", 46):
        response = admin.patch("/api/v1/organisation", json={"country": bad})
        assert response.status_code == 422, bad
        assert "country" in response.get_json()["errors"]["json"], bad
    message = admin.patch("/api/v1/organisation", json={"country": "XX"}).get_json()["errors"]["json"]["country"]
    assert "helgdagar" in str(message)
    assert _organisation(org.admin).country is None  # nothing changed
