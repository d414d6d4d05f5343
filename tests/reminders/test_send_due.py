"""Due reminders: on time, in the person's language, once, and what push services' answers do."""

import logging
import time
from datetime import UTC, datetime, timedelta

from server.clock import as_utc
from server.extensions import db
from server.reminders import service
from server.reminders.models import SETTINGS, PushServicePause, PushSubscription, ReminderClaim, ReminderPreference
from tests.reminders.conftest import THURSDAY_1505


def test_due_reminder_arrives_once_in_the_users_language(make_user, subscribe, push_service, progress, sender):
    astrid = make_user("astrid@acme.example", locale="sv")
    subscription = subscribe(astrid, push_service)
    progress[astrid.id] = {"minutes": 25}
    progress.suggestions[astrid.id] = {
        "id": 7,
        "title": "Pod om ledarskap",
        "duration_minutes": 28,
        "url": "https://example.com/pod",
        "kind": "podcast",
    }
    counts = service.send_due(THURSDAY_1505)
    assert (counts["claimed"], counts["delivered"], counts["sent"]) == (1, 1, 1)
    [delivery] = push_service.wait_for(1)
    payload = delivery.json
    assert payload["title"] == "Dags för din lärtimme"
    assert "35 minuter kvar" in payload["body"] and "28 minuter" in payload["body"]
    assert payload | {"body": None, "title": None, "snooze_token": None, "actions": None} == {
        "title": None,
        "body": None,
        "url": "/log",
        "tag": "reminder-2026-W48",
        "kind": "weekly",
        "week": "2026-W48",
        "minutes_left": 35,
        "snooze_token": None,
        "actions": None,
        "suggestion": {"id": 7, "title": "Pod om ledarskap", "duration_minutes": 28},
    }
    assert [a["action"] for a in payload["actions"]] == ["log15", "snooze"]
    assert payload["actions"][1]["title"] == "Påminn mig i morgon"
    assert delivery.endpoint == subscription["endpoint"]
    assert int(delivery.headers["Ttl"]) >= 3600
    assert delivery.headers["Urgency"] == "normal" and delivery.headers["Topic"] == "reminder"
    assert delivery.headers["Content-Type"] == "application/octet-stream"
    assert delivery.claims["aud"] == push_service.origin and ":" in delivery.claims["aud"].rsplit("/", 1)[1]
    assert service.send_due(THURSDAY_1505 + timedelta(minutes=5))["claimed"] == 0
    assert len(push_service.requests) == 1
    db.session.expire_all()
    claim = db.session.scalar(db.select(ReminderClaim))
    assert (claim.week, claim.kind, claim.delivered) == ("2026-W48", "weekly", 1)
    assert db.session.scalar(db.select(PushSubscription)).last_success_at is not None


def test_norwegian_and_english_texts(make_user, subscribe, push_service, progress, sender):
    kari = make_user("kari@acme.example", locale="nb")
    ann = make_user("ann@acme.example", locale="en")
    for person in (kari, ann):
        subscribe(person, push_service)
    progress[kari.id] = {"minutes": 59}
    service.send_due(THURSDAY_1505)
    bodies = sorted(d.json["body"] for d in push_service.wait_for(2))
    assert bodies == [
        "Du har 1 minutt igjen av ukens læringstime.",
        "You have 35 minutes left of this week's learning hour.",
    ]


def test_not_before_the_chosen_time_in_the_users_own_timezone(make_user, subscribe, push_service, progress, sender):
    stockholm = make_user("s@acme.example")
    helsinki = make_user("h@acme.example", timezone="Europe/Helsinki")  # one hour ahead
    for person in (stockholm, helsinki):
        subscribe(person, push_service)
    assert service.send_due(THURSDAY_1505 - timedelta(hours=1, minutes=6))["claimed"] == 0  # 13:59 / 14:59
    assert service.send_due(THURSDAY_1505 - timedelta(hours=1, minutes=4))["claimed"] == 1  # 14:01 / 15:01
    assert service.send_due(THURSDAY_1505 - timedelta(minutes=10))["claimed"] == 0  # 14:55 / 15:55
    assert service.send_due(THURSDAY_1505)["claimed"] == 1  # 15:05 / 16:05
    assert len(push_service.wait_for(2)) == 2


def test_nothing_for_a_met_goal_an_away_week_or_reminders_off(
    make_user, subscribe, push_service, progress, sender, login
):
    met, away, off = (make_user(f"{n}@acme.example") for n in ("met", "away", "off"))
    for person in (met, away, off):
        subscribe(person, push_service)
    progress[met.id] = {"minutes": 60}
    progress[away.id] = {"away": True}
    login(off).patch("/api/v1/me/reminders", json={"enabled": False})
    counts = service.send_due(THURSDAY_1505)
    assert (counts["goal_met"], counts["away"], counts["claimed"]) == (1, 1, 0)
    assert push_service.requests == []
    assert db.session.scalar(db.select(db.func.count(ReminderClaim.id))) == 0


def test_gone_subscriptions_are_deleted(make_user, subscribe, push_service, progress, sender):
    people = [make_user(f"p{i}@acme.example") for i in range(2)]
    for person in people:
        subscribe(person, push_service)
    push_service.script(410, 404)
    counts = service.send_due(THURSDAY_1505)
    assert counts["gone"] == 2
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count(PushSubscription.id))) == 0


def test_429_pauses_the_push_service_and_the_reminder_comes_later(make_user, subscribe, push_service, progress, sender):
    erik = make_user("erik@acme.example")
    subscribe(erik, push_service)
    push_service.script((429, {"Retry-After": "120"}))
    counts = service.send_due(THURSDAY_1505)
    assert (counts["paused"], counts["released"]) == (1, 1)
    db.session.expire_all()
    pause = db.session.get(PushServicePause, push_service.origin)
    remaining = (as_utc(pause.paused_until) - datetime.now(UTC)).total_seconds()
    assert 100 < remaining <= 121
    assert service.send_due(THURSDAY_1505)["waiting"] == 1  # paused: not even tried
    assert len(push_service.requests) == 1
    db.session.execute(db.update(PushServicePause).values(paused_until=datetime.now(UTC) - timedelta(seconds=1)))
    db.session.commit()
    assert service.send_due(THURSDAY_1505)["delivered"] == 1
    assert len(push_service.wait_for(1)) == 1


def test_503_is_retried_with_backoff(make_user, subscribe, push_service, progress, sender):
    erik = make_user("erik@acme.example")
    subscribe(erik, push_service)
    push_service.script(503, 502)
    counts = service.send_due(THURSDAY_1505)
    assert counts["delivered"] == 1
    assert [r.status for r in push_service.requests] == [503, 502, 201]


def test_401_is_logged_loudly_and_keeps_the_subscription(make_user, subscribe, push_service, progress, sender, caplog):
    erik = make_user("erik@acme.example")
    subscribe(erik, push_service)
    push_service.script(401)
    with caplog.at_level(logging.ERROR, logger="server.reminders"):
        counts = service.send_due(THURSDAY_1505)
    assert counts["rejected"] == 1
    assert any(r.levelno == logging.ERROR and "VAPID" in r.getMessage() for r in caplog.records)
    db.session.expire_all()
    assert db.session.scalar(db.select(PushSubscription)).failure_count == 1


def test_a_hanging_push_service_does_not_hold_up_the_others(make_user, subscribe, push_service, progress, sender):
    from tests.push_service import PushService

    with PushService(default="hang") as stuck:
        slow, quick = make_user("slow@acme.example"), make_user("quick@acme.example")
        subscribe(slow, stuck)
        subscribe(quick, push_service)
        started = time.monotonic()
        counts = service.send_due(THURSDAY_1505)
        took = time.monotonic() - started
        attempts = len(stuck.requests)
    [delivery] = push_service.delivered()
    assert delivery.received_at - started < 0.5
    assert counts["delivered"] == 1 and counts["failed"] == 1
    # Its own timeout and no retry after it (the run's other work aside: a generous bound, not a timing).
    assert attempts == 1 and took < 5 * sender.settings.timeout


def test_one_vapid_signature_per_push_service(make_user, subscribe, push_service, progress, sender):
    from tests.push_service import PushService

    with PushService() as other:
        for i in range(5):
            subscribe(make_user(f"a{i}@acme.example"), push_service)
        for i in range(3):
            subscribe(make_user(f"b{i}@acme.example"), other)
        assert service.send_due(THURSDAY_1505)["delivered"] == 8
        assert len(push_service.wait_for(5)) == 5 and len(other.wait_for(3)) == 3
        assert len(push_service.tokens) == 1 and len(other.tokens) == 1
    assert sender.signer.signatures == 2


def test_snoozed_reminder_comes_back_once_tomorrow(make_user, subscribe, push_service, progress, sender):
    erik = make_user("erik@acme.example")
    subscribe(erik, push_service)
    service.send_due(THURSDAY_1505)
    service.snooze(erik, THURSDAY_1505 + timedelta(minutes=2))
    friday_1501 = THURSDAY_1505 + timedelta(days=1, minutes=-4)
    assert service.send_due(friday_1501 - timedelta(minutes=5))["claimed"] == 0
    assert service.send_due(friday_1501)["claimed"] == 1
    assert service.send_due(friday_1501 + timedelta(minutes=1))["claimed"] == 0
    kinds = [d.json["kind"] for d in push_service.wait_for(2)]
    assert kinds == ["weekly", "snooze"]


def test_silent_subscriptions_are_pruned_after_60_days(make_user, subscribe, push_service, progress, sender):
    erik = make_user("erik@acme.example")
    subscribe(erik, push_service)
    db.session.execute(db.update(PushSubscription).values(created_at=datetime.now(UTC) - timedelta(days=61)))
    db.session.execute(db.update(ReminderPreference).values(enabled=False))
    db.session.commit()
    assert service.send_due(THURSDAY_1505)["pruned"] == 1
    assert db.session.scalar(db.select(db.func.count(PushSubscription.id))) == 0


def test_cli_send_due_prints_counts_and_worker_runs_once(make_user, subscribe, push_service, progress, sender, runner):
    erik = make_user("erik@acme.example")
    subscribe(erik, push_service)
    result = runner.invoke(args=["reminders", "send-due", "--now", "2026-11-26T15:05:00+01:00"])
    assert result.exit_code == 0, result.output
    assert '"delivered": 1' in result.output
    assert runner.invoke(args=["reminders", "send-due", "--now", "yesterday"]).exit_code == 2
    worker = runner.invoke(args=["reminders", "worker", "--once"])
    assert worker.exit_code == 0 and "stopped" in worker.output


def test_one_broken_subscription_cannot_stop_a_run(make_user, subscribe, push_service, progress, sender):
    from tests.push_service import PushService

    with PushService(vapid_public_key=push_service.vapid_public_key) as busy:
        people = [make_user(f"p{i}@acme.example") for i in range(4)]
        for person in people:
            subscribe(person, push_service)
        waiting = make_user("waiting@acme.example")
        subscribe(waiting, busy)
        broken = make_user("broken@acme.example")
        keys = push_service.subscribe()["keys"]
        # Stored before endpoints were checked strictly: an origin no connection can be made from.
        db.session.add(
            PushSubscription(
                user_id=broken.id,
                endpoint="https://[::1].push.apple.com/x",
                origin="https://::1:443",
                p256dh=keys["p256dh"],
                auth=keys["auth"],
            )
        )
        db.session.add(ReminderPreference(user_id=broken.id, enabled=True, weekday=4, time=SETTINGS["time"]))
        db.session.commit()
        push_service.script(503, 410)
        busy.script((429, {"Retry-After": "300"}))
        counts = service.send_due(THURSDAY_1505)
    assert (counts["delivered"], counts["gone"], counts["paused"], counts["invalid"]) == (3, 1, 1, 1)
    assert counts["released"] == 1 and counts["sent"] == 3
    assert sorted(r.status for r in push_service.requests) == [201, 201, 201, 410, 503]
    db.session.expire_all()
    endpoints = set(db.session.scalars(db.select(PushSubscription.endpoint)))
    assert "https://[::1].push.apple.com/x" not in endpoints and len(endpoints) == 4  # broken and gone
    assert db.session.get(PushServicePause, busy.origin) is not None
    claims = {c.user_id: c.delivered for c in db.session.scalars(db.select(ReminderClaim))}
    assert waiting.id not in claims  # released: the next run after the pause tries again
    assert sum(claims.values()) == 3
