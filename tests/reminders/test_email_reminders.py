"""Reminders, the digest and session notices by e-mail: the same rules as the push, a one-tap "log
it", snooze, RFC 8058 one-click unsubscribe, and each notice once however many workers run."""

from datetime import timedelta
from urllib.parse import urlsplit

from server import create_app, outbox
from server.extensions import db
from server.reminders import service
from server.reminders.models import ReminderClaim
from tests.mailbox import relay_for
from tests.reminders.conftest import THURSDAY_1505
from tests.support import at_once_in


def _remind_by(login, person, channel="auto", **extra) -> dict:
    answer = login(person).patch("/api/v1/me/reminders", json={"enabled": True, "channel": channel, **extra})
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()


def _run(moment):
    counts = service.send_due(moment)
    counts["outbox"] = outbox.deliver()
    return counts


def _path(link: str) -> str:
    parts = urlsplit(link)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def test_without_a_device_the_reminder_comes_by_email_with_every_rule_of_the_push(make_user, login, relay, progress):
    astrid = make_user("astrid@acme.example", locale="sv")
    assert _remind_by(login, astrid)["email_available"] is True
    progress[astrid.id] = {"minutes": 25}
    progress.suggestions[astrid.id] = {"id": 7, "title": "Pod om ledarskap", "duration_minutes": 28}
    assert service.send_due(THURSDAY_1505 - timedelta(minutes=10))["claimed"] == 0  # 14:55: not yet
    counts = _run(THURSDAY_1505)
    assert (counts["claimed"], counts["mailed"], counts["sent"], counts["outbox"]["sent"]) == (1, 1, 1, 1)
    [received] = relay.wait_for(1)
    message = received.message
    assert received.recipients == ["astrid@acme.example"] and message["To"] == "Astrid <astrid@acme.example>"
    assert message["Subject"] == "Dags för din lärtimme" and message["Content-Language"] == "sv"
    for part in (received.text, received.html):
        assert "35 minuter kvar" in part and "Pod om ledarskap" in part and "28 minuter" in part
    assert received.link_to("/log?") == "https://learning.acme.example/log?minutes=28&resource=7"
    assert received.link_to("/bank/") == "https://learning.acme.example/bank/7"
    unsubscribe = message["List-Unsubscribe"]
    assert unsubscribe.startswith("<https://learning.acme.example/unsubscribe/") and unsubscribe.endswith(">")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe[1:-1] in received.text and unsubscribe[1:-1] in received.html
    assert _run(THURSDAY_1505 + timedelta(minutes=5))["claimed"] == 0
    assert len(relay.received) == 1


def test_no_email_for_a_met_goal_an_away_week_or_reminders_off(make_user, login, relay, progress):
    met, away, off = (make_user(f"{n}@acme.example") for n in ("met", "away", "off"))
    for person in (met, away, off):
        _remind_by(login, person, "email")
    login(off).patch("/api/v1/me/reminders", json={"enabled": False})
    progress[met.id] = {"minutes": 60}
    progress[away.id] = {"away": True}
    counts = _run(THURSDAY_1505)
    assert (counts["goal_met"], counts["away"], counts["claimed"], counts["outbox"]["sent"]) == (1, 1, 0, 0)
    assert relay.received == []


def test_each_channel_as_chosen(make_user, login, relay, progress, subscribe, push_service, sender):
    people = {channel: make_user(f"{channel}@acme.example") for channel in ("auto", "push", "email", "both")}
    for channel, person in people.items():
        subscribe(person, push_service)
        _remind_by(login, person, channel)
    nodevice = make_user("nodevice@acme.example")
    _remind_by(login, nodevice, "push")
    counts = _run(THURSDAY_1505)
    assert (counts["claimed"], counts["mailed"], counts["delivered"]) == (4, 2, 3)
    mailed = sorted(r.recipients[0] for r in relay.wait_for(2))
    assert mailed == ["both@acme.example", "email@acme.example"]
    pushed = {d.endpoint for d in push_service.wait_for(3)}
    assert len(pushed) == 3


def test_one_click_unsubscribe_needs_no_cookie_and_stops_that_kind_of_email(make_user, login, relay, progress, app):
    erik = make_user("erik@acme.example")
    _remind_by(login, erik, "email", weekly_digest=True)
    _run(THURSDAY_1505)
    [received] = relay.wait_for(1)
    link = _path(received.message["List-Unsubscribe"][1:-1])
    anonymous = app.test_client()
    page = anonymous.get(link)
    assert page.status_code == 200 and "Stop these e-mails?" in page.get_data(as_text=True)
    assert login(erik).get("/api/v1/me/reminders").get_json()["reminder_emails"] is True  # a GET changes nothing
    stopped = anonymous.post(link, data={"List-Unsubscribe": "One-Click"})
    assert stopped.status_code == 200 and "Send them again" in stopped.get_data(as_text=True)
    preferences = login(erik).get("/api/v1/me/reminders").get_json()
    assert (preferences["reminder_emails"], preferences["digest_emails"], preferences["enabled"]) == (False, True, True)
    next_week = THURSDAY_1505 + timedelta(days=7)
    assert _run(next_week)["claimed"] == 0 and len(relay.received) == 1
    again = anonymous.post(link, data={"resubscribe": "1"})
    assert again.status_code == 200 and "Stop these e-mails" in again.get_data(as_text=True)
    assert _run(next_week + timedelta(minutes=1))["outbox"]["sent"] == 1
    assert anonymous.get("/unsubscribe/not-a-token").status_code == 404


def test_remind_me_tomorrow_from_the_email(make_user, login, relay, progress, app, clock):
    clock.set(THURSDAY_1505, ticking=True)
    erik = make_user("erik@acme.example")
    _remind_by(login, erik, "email")
    _run(THURSDAY_1505)
    [received] = relay.wait_for(1)
    link = _path(received.link_to("/snooze/"))
    anonymous = app.test_client()
    assert "Remind me tomorrow" in anonymous.get(link).get_data(as_text=True)
    assert login(erik).get("/api/v1/me/reminders").get_json()["snoozed_until"] is None
    assert "15:00" in anonymous.post(link, data={"snooze": "1"}).get_data(as_text=True)
    friday = THURSDAY_1505 + timedelta(days=1)
    assert _run(friday)["claimed"] == 1
    assert [r.message["Subject"] for r in relay.wait_for(2)] == ["Time for your learning hour"] * 2


def test_two_workers_racing_mail_each_person_once(app_config, make_user, login, progress):
    people = [make_user(f"p{i}@acme.example", locale=("sv", "nb", "en")[i % 3]) for i in range(12)]
    for person in people:
        _remind_by(login, person, "email")
    apps = [create_app(app_config) for _ in range(2)]
    with relay_for(apps[0]) as relay, relay_for(apps[1]):
        apps[1].extensions["mail.settings"] = apps[0].extensions["mail.settings"]
        at_once_in(apps, lambda: _run(THURSDAY_1505))
        received = relay.wait_for(12)
        assert sorted(r.recipients[0] for r in received) == sorted(p.email for p in people)
        assert len(relay.received) == 12
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count(ReminderClaim.id))) == 12


def test_the_monday_digest_by_email_and_its_own_unsubscribe(org, login, relay, app):
    from tests.reminders.test_digest import MONDAY_0905, _busy_week

    _busy_week(org, login)
    _remind_by(login, org.erik, "email", weekly_digest=True)
    counts = _run(MONDAY_0905)
    assert (counts["digest_claimed"], counts["digest_mailed"], counts["outbox"]["sent"]) == (1, 1, 1)
    [received] = relay.wait_for(1)
    assert received.message["Subject"] == "Popular in the bank this week"
    assert "Leda i förändring" in received.text and "3 saves" in received.text and "Leda i förändring" in received.html
    stop = app.test_client().post(
        _path(received.message["List-Unsubscribe"][1:-1]), data={"List-Unsubscribe": "One-Click"}
    )
    assert "the Monday digest by e-mail" in stop.get_data(as_text=True)
    preferences = login(org.erik).get("/api/v1/me/reminders").get_json()
    assert (preferences["digest_emails"], preferences["reminder_emails"]) == (False, True)
    assert _run(MONDAY_0905 + timedelta(days=7))["digest_claimed"] == 0


def test_session_notices_by_email(org, login, relay, clock):
    from server.sessions import service as sessions
    from tests.reminders.test_session_reminders import MONDAY_BEFORE, _breakfast, _join
    from tests.reminders.test_session_reminders import THURSDAY_1505 as DAY_BEFORE

    clock.set(MONDAY_BEFORE, ticking=True)
    session = _breakfast(org)
    _join(session, org.sara)
    _remind_by(login, org.sara, "email")
    counts = service.send_due(DAY_BEFORE)
    assert (counts["sessions"]["claimed"], counts["sessions"]["mailed"]) == (1, 1)
    assert outbox.deliver()["sent"] == 2  # the weekly reminder too (Thursday 15:05)
    day_before = [r for r in relay.wait_for(2) if r.message["Subject"].startswith("Tomorrow")]
    [received] = day_before
    assert received.message["Subject"] == "Tomorrow: Frukost: Kafka"
    assert "Friday 4 December 08:00 · Kafét" in received.text
    assert received.link_to("/sessions/") == f"https://learning.acme.example/sessions/{session.id}"
    assert received.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    sessions.cancel_session(session)
    db.session.commit()
    assert service.send_due(DAY_BEFORE + timedelta(hours=1))["sessions"]["mailed"] == 1
    outbox.deliver()
    assert any(r.message["Subject"] == "Cancelled: Frukost: Kafka" for r in relay.wait_for(3))
