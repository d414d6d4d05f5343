"""A meeting credits both people's week once each (under `mentoring`, or `shadowing` for a shadowing
day); a replay stores nothing new; changing or removing it changes both; each note stays its owner's."""

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest

from server.errors import RuleError
from server.extensions import db
from server.log import service as log
from server.mentoring import service
from server.mentoring.meetings import entry_id
from tests.mentoring.helpers import PAIRINGS, ok, pair

WEDNESDAY = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)  # week 2026-W48, Monday the 23rd


@pytest.fixture(autouse=True)
def _a_wednesday(clock):
    clock.set(WEDNESDAY, ticking=True)


def week(api) -> dict:
    return ok(api.get("/api/v1/me/weeks/current"))


def test_one_meeting_counts_for_both_once(org, login):
    erik, sara = login(org.erik), login(org.sara)
    pairing = pair(erik, sara)
    meeting_id = str(uuid.uuid4())
    body = {"id": meeting_id, "date": "2026-11-24", "minutes": 45, "note": "Ask about index-only scans"}
    logged = ok(sara.post(f"{PAIRINGS}/{pairing}/meetings", json=body), 201)
    assert (logged["minutes"], logged["activity"], logged["note"], logged["logged_by_me"]) == (
        45,
        "mentoring",
        "Ask about index-only scans",
        True,
    )
    replayed = ok(sara.post(f"{PAIRINGS}/{pairing}/meetings", json=body), 200)
    assert replayed["id"] == meeting_id
    for api in (erik, sara):
        current = week(api)
        assert (current["minutes"], current["by_activity"]) == (45, {"mentoring": 45})
    seen_by_erik = ok(erik.get(f"{PAIRINGS}/{pairing}"))
    assert seen_by_erik["meeting_count"] == 1 and seen_by_erik["minutes_total"] == 45
    assert seen_by_erik["last_met_on"] == "2026-11-24"
    [meeting] = seen_by_erik["meetings"]
    assert meeting["note"] is None and meeting["logged_by_me"] is False  # Sara's note is hers
    [entry] = ok(erik.get("/api/v1/entries"))
    assert entry["note"] is None and entry["title"] == "sql" and entry["activity"] == "mentoring"
    assert "index-only" not in erik.get(f"{PAIRINGS}/{pairing}").get_data(as_text=True)


def test_a_shadowing_day_is_logged_as_shadowing(org, login):
    nora, erik = login(org.nora), login(org.erik)
    pairing = pair(nora, erik, "shadow", ["Support"])
    ok(erik.post(f"{PAIRINGS}/{pairing}/meetings", json={"minutes": 240}), 201)
    for api in (nora, erik):
        assert week(api)["by_activity"] == {"shadowing": 240}
    assert ok(erik.get("/api/v1/entries"))[0]["date"] == "2026-11-25"  # today where Erik is


def test_changing_or_removing_it_changes_both(org, login):
    erik, sara = login(org.erik), login(org.sara)
    pairing = pair(erik, sara)
    meeting = ok(erik.post(f"{PAIRINGS}/{pairing}/meetings", json={"minutes": 30, "note": "Erik's own"}), 201)
    path = f"{PAIRINGS}/{pairing}/meetings/{meeting['id']}"
    changed = ok(sara.patch(path, json={"minutes": 50, "date": "2026-11-23", "note": "Sara's own"}))
    assert changed["note"] == "Sara's own"
    for api, note in ((erik, "Erik's own"), (sara, "Sara's own")):
        [entry] = ok(api.get("/api/v1/entries"))
        assert (entry["minutes"], entry["date"], entry["note"]) == (50, "2026-11-23", note)
        assert week(api)["minutes"] == 50
    # Removed from Erik's log by hand, the meeting's next change puts his entry back.
    assert erik.delete(f"/api/v1/entries/{entry_id(meeting['id'], org.erik.id)}").status_code == 204
    ok(sara.patch(path, json={"minutes": 55}))
    assert week(erik)["minutes"] == 55 and week(sara)["minutes"] == 55
    assert erik.delete(path).status_code == 204
    for api in (erik, sara):
        assert ok(api.get("/api/v1/entries")) == [] and week(api)["minutes"] == 0
    assert erik.delete(path).status_code == 404


def test_an_ended_pairing_takes_no_new_meeting_but_a_replay_still_answers(org, login):
    erik, sara = login(org.erik), login(org.sara)
    pairing = pair(erik, sara)
    body = {"id": str(uuid.uuid4()), "minutes": 25}
    ok(sara.post(f"{PAIRINGS}/{pairing}/meetings", json=body), 201)
    ok(erik.post(f"{PAIRINGS}/{pairing}/end", json={}))
    assert ok(sara.post(f"{PAIRINGS}/{pairing}/meetings", json=body), 200)["minutes"] == 25
    late = sara.post(f"{PAIRINGS}/{pairing}/meetings", json={"minutes": 25})
    assert late.status_code == 409 and late.get_json()["message"] == "This pairing has ended."
    other = pair(login(org.nora), sara, topics=["Go"])
    taken = sara.post(f"{PAIRINGS}/{other}/meetings", json=body)
    assert taken.status_code == 409  # the id is another pairing's meeting


def test_bad_meetings_are_named_per_field_and_store_nothing(org, login):
    erik, sara = login(org.erik), login(org.sara)
    pairing = pair(erik, sara)
    path = f"{PAIRINGS}/{pairing}/meetings"
    bad = sara.post(path, json={"minutes": 0, "date": "someday", "id": "not-a-uuid", "note": 7})
    assert bad.status_code == 422
    assert set(bad.get_json()["errors"]["json"]) == {"minutes", "date", "id", "note"}
    future = sara.post(path, json={"minutes": 30, "date": "2026-11-27"})
    assert future.status_code == 422 and "date" in future.get_json()["errors"]["json"]
    assert ok(erik.get(f"{PAIRINGS}/{pairing}"))["meetings"] == []
    assert week(erik)["minutes"] == week(sara)["minutes"] == 0


def test_team_totals_show_the_minutes_by_activity_never_the_pair(org, login):
    admin = login(org.admin)
    ok(admin.patch("/api/v1/organisation", json={"min_group_size": 3}))
    erik, sara = login(org.erik), login(org.sara)
    pairing = pair(erik, sara)
    ok(erik.post(f"{PAIRINGS}/{pairing}/meetings", json={"minutes": 60, "note": "private words"}), 201)
    totals = login(org.maja).get(f"/api/v1/teams/{org.product.id}/totals?weeks=1")
    this_week = ok(totals)["weeks"][0]
    assert this_week["by_activity"] == {"mentoring": 120} and this_week["total_minutes"] == 120
    text = totals.get_data(as_text=True)
    assert "private words" not in text and "sql" not in text and "members" not in ok(totals)
    assert ok(admin.get("/api/v1/mentoring/stats")) == {"active_pairings": 1, "open_offers": 1, "open_asks": 0}
    assert login(org.maja).get("/api/v1/mentoring/stats").status_code == 403


def test_the_service_logs_for_both_each_on_a_day_their_calendar_has_reached(org, make_user, clock):
    far = make_user("aroha@acme.example", timezone="Pacific/Auckland")
    made = service.post_offer(org.erik, {"kind": "mentor", "topics": ["Rust"]})
    pairing = service.accept(org.erik, service.ask(far, made.id), made)
    clock.set(datetime(2026, 11, 25, 22, 0, tzinfo=UTC))  # Thursday morning in Auckland, Wednesday night here
    meeting, created = service.log_meeting(far, pairing, {"minutes": 40})
    db.session.commit()
    assert created and meeting.date == date(2026, 11, 26)
    theirs = log.own_entries(far, [entry_id(meeting.id, far.id)])[entry_id(meeting.id, far.id)]
    his = log.own_entries(org.erik, [entry_id(meeting.id, org.erik.id)])[entry_id(meeting.id, org.erik.id)]
    assert (theirs.date, his.date, theirs.minutes, his.minutes) == (date(2026, 11, 26), date(2026, 11, 25), 40, 40)
    with pytest.raises(RuleError) as refused:  # for Erik himself, Thursday is still to come
        service.log_meeting(org.erik, pairing, {"minutes": 40, "date": date(2026, 11, 26)})
    assert refused.value.field == "date"
    db.session.rollback()
    clock.advance(timedelta(hours=3))  # Thursday has come here too: his entry moves to the meeting's day
    meeting = service.visible_meeting(pairing, meeting.id)
    service.update_meeting(org.erik, pairing, meeting, {"minutes": 45})
    db.session.commit()
    assert (his.date, his.minutes, theirs.minutes) == (date(2026, 11, 26), 45, 45)
