"""The private calendar feed: a secret URL, valid iCalendar (read back with `icalendar`), only the
sessions the person is coming to."""

import re
from datetime import UTC, datetime
from urllib.parse import urlsplit

from icalendar import Calendar

from server.calendar.models import CalendarFeed
from server.extensions import db
from tests.sessions.helpers import at, plan


def feed_path(api) -> str:
    response = api.get("/api/v1/me/calendar")
    assert response.status_code == 200
    url = response.get_json()["url"]
    assert url.startswith("http") and url.endswith(".ics")
    return urlsplit(url).path


def unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


def test_feed_lists_upcoming_sessions_i_am_coming_to(org, login, client, clock):
    clock.set(datetime(2030, 4, 1, 9, 0, tzinfo=UTC), ticking=True)  # a month before the breakfast
    erik = login(org.erik)
    coming = plan(
        erik,
        title="Frukost; DDD, i praktiken",
        description="Rad ett\nRad två, med komma",
        place="Rum 3; plan 2",
        starts_at="2030-05-06T07:00:00+00:00",
        ends_at="2030-05-06T08:15:00+00:00",
    )
    not_coming = plan(erik, title="Someone else's favourite")
    over = plan(erik, title="Already over", starts_at=at(-3), ends_at=at(-2))
    sara = login(org.sara)
    for session in (coming, over):
        assert sara.put(f"/api/v1/sessions/{session['id']}/rsvp").status_code == 201
    path = feed_path(sara)

    response = client.get(path)  # no cookie: a calendar app holding only the URL
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.get_data()
    text = body.decode("utf-8")
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert b"\n" not in body.replace(b"\r\n", b"")
    lines = unfold(text)
    assert lines.count("BEGIN:VEVENT") == 1 and "PRODID:-//Learning Hour//Calendar//EN" in lines
    assert f"UID:knowledge-session-{coming['id']}@learning-hour" in lines
    assert "DTSTART:20300506T070000Z" in lines and "DTEND:20300506T081500Z" in lines
    assert "SUMMARY:Frukost\\; DDD\\, i praktiken" in lines
    assert "DESCRIPTION:Rad ett\\nRad två\\, med komma" in lines
    assert "LOCATION:Rum 3\\; plan 2" in lines
    assert any(re.fullmatch(r"DTSTAMP:\d{8}T\d{6}Z", line) for line in lines)
    assert not_coming["title"] not in text and "Already over" not in text
    [event] = Calendar.from_ical(body).walk("VEVENT")  # and as a calendar app reads it
    assert str(event["summary"]) == "Frukost; DDD, i praktiken" and str(event["location"]) == "Rum 3; plan 2"
    assert event.decoded("dtstart") == datetime(2030, 5, 6, 7, 0, tzinfo=UTC)
    assert str(event["status"]) == "CONFIRMED" and "VTIMEZONE" not in text  # sessions are in UTC


def test_another_device_gets_the_same_url_and_a_reset_ends_the_old_one(org, login, client):
    sara = login(org.sara)
    path = feed_path(sara)
    assert feed_path(login(org.sara)) == path
    token = path.rsplit("/", 1)[1].removesuffix(".ics")
    assert len(token) >= 40
    db.session.expire_all()
    stored = db.session.get(CalendarFeed, org.sara.id)
    assert token not in (stored.token_hash, stored.salt)  # only a hash of it is kept
    reset = sara.post("/api/v1/me/calendar/reset")
    assert reset.status_code == 200
    new_path = urlsplit(reset.get_json()["url"]).path
    assert new_path != path and feed_path(sara) == new_path
    assert client.get(path).status_code == 404
    assert client.get(new_path).status_code == 200


def test_unknown_tokens_and_other_people(org, login, client):
    assert client.get("/calendar/not-a-real-token.ics").status_code == 404
    assert client.get("/api/v1/me/calendar").status_code == 401
    erik_path, nora_path = feed_path(login(org.erik)), feed_path(login(org.nora))
    assert erik_path != nora_path


def test_only_my_organisation_in_my_feed(org, login, client):
    outsider = login(org.outsider)
    theirs = plan(outsider, title="Other Oy breakfast")
    outsider.put(f"/api/v1/sessions/{theirs['id']}/rsvp")
    ours = plan(login(org.erik), title="Acme breakfast")
    sara = login(org.sara)
    sara.put(f"/api/v1/sessions/{ours['id']}/rsvp")
    assert "Other Oy breakfast" not in client.get(feed_path(sara)).get_data(as_text=True)
    assert "Acme breakfast" not in client.get(feed_path(outsider)).get_data(as_text=True)


def test_long_lines_are_folded_at_75_octets_between_characters(org, login, client):
    title = "Åäö " * 40 + "slut"
    erik = login(org.erik)
    session = plan(erik, title=title[:200], description="Rad ett\nRad två\x07")
    erik.put(f"/api/v1/sessions/{session['id']}/rsvp")
    raw = client.get(feed_path(erik)).get_data()
    for line in raw.split(b"\r\n"):
        assert len(line) <= 75
        line.decode("utf-8")  # never cut inside a character
    assert any(line.startswith(b" ") for line in raw.split(b"\r\n"))
    [event] = Calendar.from_ical(raw).walk("VEVENT")
    assert str(event["summary"]) == title[:200].strip()
    assert str(event["description"]).startswith("Rad ett\nRad två")
