"""Anonymity that holds: nothing a colleague can see links an anonymous lesson to its author, not a
name, not an id or a time that places it among the author's named lessons, not an order."""

import re
from datetime import date, timedelta

from server.clock import local_today
from server.extensions import db
from server.lessons.models import Lesson
from tests.lessons.test_lessons import share

TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def test_ids_say_nothing_of_the_order_lessons_were_written_in(org, login):
    erik = login(org.erik)
    ids = [share(erik, title=f"Lärdom {i}", anonymous=i % 2 == 0)["id"] for i in range(12)]
    assert len(set(ids)) == 12
    assert ids != sorted(ids) and ids != sorted(ids, reverse=True)  # random: 1 in 12! to be either
    listed = [item["id"] for item in login(org.nora).get("/api/v1/lessons?limit=50").get_json()["items"]]
    assert listed == sorted(ids, reverse=True)  # same day: by random id, not by when


def test_colleagues_see_days_never_times(org, login):
    lesson = share(login(org.erik), anonymous=True)
    text = login(org.sara).get("/api/v1/lessons").get_data(as_text=True)
    assert not TIME.search(text), text
    seen = login(org.sara).get(f"/api/v1/lessons/{lesson['id']}").get_json()
    assert {"created_at", "updated_at"}.isdisjoint(seen)
    assert date.fromisoformat(seen["published_on"]) in (
        local_today("Europe/Stockholm"),
        local_today("Europe/Stockholm") + timedelta(days=1),
        local_today("Europe/Stockholm") - timedelta(days=1),
    )


def test_newest_day_first(org, login):
    erik = login(org.erik)
    older = share(erik, title="I förrgår")
    newer = share(erik, title="Idag")
    db.session.get(Lesson, older["id"]).published_on = local_today("Europe/Stockholm") - timedelta(days=2)
    db.session.commit()
    listed = [i["id"] for i in login(org.nora).get("/api/v1/lessons").get_json()["items"]]
    assert listed == [newer["id"], older["id"]]
    first = login(org.nora).get("/api/v1/lessons?limit=1").get_json()
    second = login(org.nora).get(f"/api/v1/lessons?limit=1&cursor={first['next_cursor']}").get_json()
    assert [i["id"] for i in first["items"] + second["items"]] == [newer["id"], older["id"]]


def test_no_field_points_at_the_author(org, login):
    erik = login(org.erik)
    named = share(erik, title="Med namn")
    secret = share(erik, title="Utan namn", anonymous=True)
    login(org.sara).put(f"/api/v1/lessons/{secret['id']}/thanks")
    seen = {i["id"]: i for i in login(org.nora).get("/api/v1/lessons").get_json()["items"]}
    assert seen[named["id"]]["author"]["id"] == org.erik.id
    anonymous = seen[secret["id"]]
    assert anonymous["author"] is None and anonymous["mine"] is False and "written_by" not in anonymous
    assert anonymous["thanks_count"] == 1
    # The shape is the same as any named lesson's: no field exists only because of who wrote it.
    assert set(anonymous) == set(seen[named["id"]])
    text = login(org.nora).get(f"/api/v1/lessons/{secret['id']}").get_data(as_text=True)
    assert org.erik.name not in text and org.erik.email not in text
    assert not re.search(rf'"id":\s*{org.erik.id}[,}}]', text), text


def test_mine_lists_only_my_own_for_me(org, login):
    erik = login(org.erik)
    secret = share(erik, title="Min hemliga", anonymous=True)
    share(login(org.sara), title="Saras")
    assert [i["id"] for i in erik.get("/api/v1/lessons?mine=true").get_json()["items"]] == [secret["id"]]
    assert login(org.nora).get("/api/v1/lessons?mine=true").get_json()["items"] == []
