"""The learning block: set in the person's zone, validated, and carried by the private feed as one
weekly event that calendar apps expand (`recurring-ical-events`) at the same local time on both
sides of a daylight-saving change, moves in place, and leaves when turned off."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events
from icalendar import Calendar

from server.calendar.models import CalendarFeed, LearningBlock
from server.extensions import db
from tests.calendar.test_feed import feed_path
from tests.sessions.helpers import plan
from tests.support import PASSWORD

# A Monday a fortnight before Europe's spring change (last Sunday of March 2027), and one before the autumn one.
SPRING = datetime(2027, 3, 15, 9, 0, tzinfo=UTC)
AUTUMN = datetime(2027, 10, 18, 9, 0, tzinfo=UTC)


def _feed(client, api) -> Calendar:
    response = client.get(feed_path(api))  # as a calendar app: no cookie
    assert response.status_code == 200
    return Calendar.from_ical(response.get_data())


def _blocks(calendar: Calendar) -> list:
    return [e for e in calendar.walk("VEVENT") if str(e["uid"]).startswith("learning-block-")]


def test_defaults_off_on_friday_afternoon_for_the_weekly_goal(make_user, login):
    person = make_user("goal@acme.example", goal=90)
    answer = login(person).get("/api/v1/me/learning-block")
    assert answer.status_code == 200
    assert answer.get_json() == {
        "enabled": False,
        "weekday": 5,
        "time": "14:00",
        "minutes": 90,
        "timezone": "Europe/Stockholm",
        "updated_at": None,
    }


def test_bad_values_are_named_in_the_persons_language_and_nothing_is_stored(make_user, login):
    api = login(make_user("svensk@acme.example", locale="sv"))
    assert api.patch("/api/v1/me/learning-block", json={"enabled": True, "time": "09:30"}).status_code == 200
    bad = api.patch("/api/v1/me/learning-block", json={"weekday": 8, "time": "25:00", "minutes": 5, "enabled": False})
    assert bad.status_code == 422
    errors = bad.get_json()["errors"]["json"]
    assert errors == {
        "weekday": ["Måste vara minst 1 och högst 7."],
        "time": ['Använd 24-timmarsformat "TT:MM".'],
        "minutes": ["Måste vara minst 15 och högst 480."],
    }
    assert api.patch("/api/v1/me/learning-block", json={}).status_code == 422
    kept = api.get("/api/v1/me/learning-block").get_json()
    assert (kept["enabled"], kept["time"], kept["weekday"]) == (True, "09:30", 5)


@pytest.mark.parametrize("moment", [SPRING, AUTUMN], ids=["spring", "autumn"])
@pytest.mark.parametrize(
    ("zone", "locale", "title"),
    [("Europe/Stockholm", "sv", "Lärtimme"), ("Europe/Oslo", "nb", "Læringstime")],
)
def test_the_weekly_event_stays_at_its_local_time_across_daylight_saving(
    make_user, login, client, clock, zone, locale, title, moment
):
    clock.set(moment)
    api = login(make_user(f"dst-{locale}@acme.example", timezone=zone, locale=locale))
    body = {"enabled": True, "weekday": 5, "time": "14:00", "minutes": 60}
    assert api.patch("/api/v1/me/learning-block", json=body).get_json()["enabled"] is True
    calendar = _feed(client, api)
    [event] = _blocks(calendar)
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == [zone]
    assert event["dtstart"].params["TZID"] == zone
    assert event["rrule"]["FREQ"] == ["WEEKLY"] and event["rrule"]["BYDAY"] == ["FR"]
    assert str(event["summary"]) == title and int(event["sequence"]) >= 1
    [alarm] = event.walk("VALARM")
    assert alarm.decoded("trigger") == -timedelta(minutes=10)

    start = moment.date()
    occurrences = recurring_ical_events.of(calendar).between(start, start + timedelta(days=28))
    starts = [o.decoded("dtstart") for o in occurrences if str(o["uid"]) == str(event["uid"])]
    assert [s.date() for s in starts] == [start + timedelta(days=4 + 7 * week) for week in range(4)]
    local = [s.astimezone(ZoneInfo(zone)) for s in starts]
    assert {(t.hour, t.minute) for t in local} == {(14, 0)}
    assert {(o.decoded("dtend") - o.decoded("dtstart")) for o in occurrences} == {timedelta(minutes=60)}
    # The same 14:00 is another hour in UTC once the clocks have changed: the rule lives in the zone.
    offsets = [t.utcoffset() for t in local]
    assert offsets[0] != offsets[-1] and len(set(offsets)) == 2


def test_moving_the_block_moves_the_same_event_and_turning_it_off_removes_it(make_user, login, client, clock):
    clock.set(SPRING)
    person = make_user("mover@acme.example")
    api = login(person)
    session = plan(
        api,
        title="Frukost om Rust",
        starts_at=(SPRING + timedelta(days=2)).isoformat(),
        ends_at=(SPRING + timedelta(days=2, hours=1)).isoformat(),
    )
    assert api.put(f"/api/v1/sessions/{session['id']}/rsvp").status_code == 201
    assert api.patch("/api/v1/me/learning-block", json={"enabled": True}).status_code == 200
    [before] = _blocks(_feed(client, api))

    clock.advance(timedelta(days=1, hours=2))
    moved = api.patch("/api/v1/me/learning-block", json={"weekday": 2, "time": "08:15", "minutes": 45})
    assert moved.status_code == 200 and moved.get_json()["weekday"] == 2
    calendar = _feed(client, api)
    [after] = _blocks(calendar)
    assert str(after["uid"]) == str(before["uid"]) == f"learning-block-{person.id}@learning-hour"
    assert int(after["sequence"]) > int(before["sequence"])
    assert after.decoded("dtstamp") > before.decoded("dtstamp")
    assert after.decoded("dtstart").time() == time(8, 15) and after["rrule"]["BYDAY"] == ["TU"]
    assert after.decoded("dtend") - after.decoded("dtstart") == timedelta(minutes=45)
    assert [str(e["summary"]) for e in calendar.walk("VEVENT")] == ["Learning hour", "Frukost om Rust"]

    same = api.patch("/api/v1/me/learning-block", json={"weekday": 2})  # no change: no new version
    assert same.status_code == 200
    assert int(_blocks(_feed(client, api))[0]["sequence"]) == int(after["sequence"])

    assert api.patch("/api/v1/me/learning-block", json={"enabled": False}).status_code == 200
    calendar = _feed(client, api)
    assert _blocks(calendar) == [] and "VTIMEZONE" not in calendar.to_ical().decode()
    assert [str(e["summary"]) for e in calendar.walk("VEVENT")] == ["Frukost om Rust"]


def test_the_block_as_a_file_to_import_once(make_user, login, client, clock):
    clock.set(AUTUMN)
    person = make_user("file@acme.example", timezone="Europe/Oslo")
    api = login(person)
    api.patch("/api/v1/me/learning-block", json={"weekday": 3, "time": "13:30"})
    response = api.get("/api/v1/me/learning-block.ics")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.headers["Content-Disposition"] == 'attachment; filename="learning-hour.ics"'
    [event] = Calendar.from_ical(response.get_data()).walk("VEVENT")
    assert str(event["uid"]) == f"learning-block-{person.id}@learning-hour" and event["rrule"]["BYDAY"] == ["WE"]
    start = event.decoded("dtstart")
    assert start.date() == date(2027, 10, 20) and start.time() == time(13, 30) and str(start.tzinfo) == "Europe/Oslo"
    assert client.get("/api/v1/me/learning-block.ics").status_code == 401


def test_the_export_carries_the_block_and_deleting_the_account_forgets_it(make_user, login):
    person = make_user("gone@acme.example")
    api = login(person)
    api.patch("/api/v1/me/learning-block", json={"enabled": True, "minutes": 30})
    feed_path(api)
    exported = api.get("/api/v1/me/export").get_json()["calendar"]["learning_block"]
    assert (exported["enabled"], exported["minutes"], exported["time"]) == (True, 30, "14:00")
    assert api.delete("/api/v1/me", json={"password": PASSWORD}).status_code == 204
    db.session.expire_all()
    assert db.session.get(LearningBlock, person.id) is None and db.session.get(CalendarFeed, person.id) is None
