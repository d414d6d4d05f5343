"""Nudges through the reminder run: the person asked hears of the request, the asker hears the answer
(a decline without a name), an idle pairing gets one gentle reminder per idle stretch; once each,
by push or e-mail as their reminders go, in the person's language; not with reminders off."""

from datetime import UTC, datetime, timedelta

import pytest

from server import outbox
from server.extensions import db
from server.reminders import mentoring_notices, service
from server.reminders.mentoring_notices import MentoringNoticeClaim
from tests.mentoring.helpers import PAIRINGS, REQUESTS, accept, ask, offer, ok

MONDAY = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _a_monday(clock):
    clock.set(MONDAY, ticking=True)


def run(now) -> dict:
    """One run of the mentoring source, committed as the reminder run commits it."""
    counts = mentoring_notices.run(now)
    db.session.commit()
    return counts


def test_a_request_its_answer_and_an_idle_pairing_each_once(org, login, subscribe, push_service, sender, clock):
    for person in (org.erik, org.sara):
        subscribe(person, push_service)
    erik, sara = login(org.erik), login(org.sara)
    made = offer(erik, topics=["SQL"])
    request = ask(sara, made["id"], "Kan vi ses på torsdag?")
    counts = service.send_due(clock.now())["mentoring"]
    assert (counts["claimed"], counts["sent"]) == (1, 1)
    [heard] = push_service.wait_for(1)
    assert heard.json["title"] == "Sara would like you as a mentor"
    assert heard.json["body"] == "sql · “Kan vi ses på torsdag?”" and heard.json["url"] == "/mentoring"
    assert run(clock.now())["claimed"] == 0  # once
    accept(erik, request["id"])
    assert run(clock.now())["claimed"] == 1
    answer = push_service.wait_for(2)[1].json
    assert answer["title"] == "Erik said yes" and answer["kind"] == "accepted"
    assert answer["body"] == "You are paired: sql. Plan your first meeting."
    # Four weeks and a day without a meeting: one gentle reminder to each, not two.
    clock.advance(timedelta(weeks=4, days=1))
    assert run(clock.now())["claimed"] == 2
    assert run(clock.now() + timedelta(days=3))["claimed"] == 0
    reminders = [d.json for d in push_service.wait_for(4)[2:]]
    assert {r["title"] for r in reminders} == {"Time for a catch-up?"}
    assert sorted(r["body"] for r in reminders) == [
        "It is four weeks since you and Erik last met. A short meeting counts too.",
        "It is four weeks since you and Sara last met. A short meeting counts too.",
    ]
    # They meet; four weeks after that meeting, the next idle stretch gets its own reminder.
    pairing = ok(erik.get(PAIRINGS))[0]["id"]
    ok(sara.post(f"{PAIRINGS}/{pairing}/meetings", json={"minutes": 30}), 201)
    assert run(clock.now() + timedelta(weeks=3))["claimed"] == 0
    assert run(clock.now() + timedelta(weeks=4, days=1))["claimed"] == 2
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count()).select_from(MentoringNoticeClaim)) == 6


def test_a_decline_names_nobody_and_comes_in_the_askers_language(
    org, login, make_user, subscribe, push_service, sender, clock
):
    kari = make_user("kari@acme.example", locale="nb")
    for person in (kari, org.nora):
        subscribe(person, push_service)
    day = offer(login(kari), "shadow", topics=["Kundeservice"])
    request = ask(login(org.nora), day["id"], None)
    assert run(clock.now())["claimed"] == 1
    [asked] = push_service.wait_for(1)
    assert asked.json["title"] == "Nora vil gjerne hospitere hos deg en dag" and asked.json["body"] == "kundeservice"
    ok(login(kari).post(f"{REQUESTS}/{request['id']}/decline"))
    assert run(clock.now())["claimed"] == 1
    declined = push_service.wait_for(2)[1].json
    assert declined["title"] == "About your request: kundeservice"
    assert "Kari" not in str(declined) and declined["kind"] == "declined"
    # A week on, an unanswered request and an old answer are no longer news.
    other = ask(login(kari), offer(login(org.nora), topics=["Zendesk"])["id"])
    assert other["status"] == "pending"
    assert run(clock.now() + timedelta(days=8))["claimed"] == 0


def test_nothing_with_reminders_off_or_without_a_device(org, login, subscribe, push_service, sender, clock):
    subscribe(org.erik, push_service)
    ok(login(org.erik).patch("/api/v1/me/reminders", json={"enabled": False}))
    ask(login(org.sara), offer(login(org.erik))["id"])
    ask(login(org.erik), offer(login(org.nora), topics=["Go"])["id"])  # Nora has no device
    counts = run(clock.now())
    assert (counts["due"], counts["claimed"]) == (0, 0)
    assert push_service.requests == []


def test_without_a_device_the_request_comes_by_email_in_their_language(org, login, relay, clock):
    erik, sara = login(org.erik), login(org.sara)
    assert erik.patch("/api/v1/me", json={"locale": "sv"}).status_code == 200
    assert erik.patch("/api/v1/me/reminders", json={"enabled": True, "channel": "auto"}).status_code == 200
    ask(sara, offer(erik, topics=["SQL"])["id"], "Kan vi ses på torsdag?")
    counts = service.send_due(clock.now())["mentoring"]
    assert (counts["claimed"], counts["mailed"]) == (1, 1)
    assert outbox.deliver()["sent"] >= 1
    [received] = [r for r in relay.wait_for(1) if "mentor" in r.message["Subject"]]
    assert received.recipients == ["erik@acme.example"]
    assert received.message["Subject"] == "Sara vill gärna ha dig som mentor"
    assert "Kan vi ses på torsdag?" in received.text and "Kan vi ses på torsdag?" in received.html
    assert received.link_to("/mentoring") == "https://learning.acme.example/mentoring"
    assert received.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert run(clock.now())["claimed"] == 0  # once
