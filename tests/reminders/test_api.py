"""Subscriptions, the VAPID key, preferences, snooze and the test notification through the API."""

import os
import stat
from datetime import datetime

from server.extensions import db
from server.push import b64url_decode
from server.push.vapid import KEY_FILE
from server.reminders import messages, service
from server.reminders.models import PushSubscription, ReminderPreference

BASE = "/api/v1"


def test_vapid_public_key_is_a_p256_point_kept_private_on_disk(app, client):
    first = client.get(f"{BASE}/push/vapid-public-key").get_json()["public_key"]
    assert client.get(f"{BASE}/push/vapid-public-key").get_json()["public_key"] == first
    raw = b64url_decode(first)
    assert len(raw) == 65 and raw[0] == 4 and "=" not in first
    key_file = os.path.join(app.config["VAPID_INSTANCE_DIR"], KEY_FILE)
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600


def test_subscribe_twice_stores_one_row_and_a_shared_phone_moves_to_the_current_user(org, login, push_service):
    subscription = push_service.subscribe()
    erik, sara = login(org.erik), login(org.sara)
    assert erik.post(f"{BASE}/push/subscriptions", json=subscription).status_code == 201
    again = erik.post(f"{BASE}/push/subscriptions", json=subscription)
    assert again.status_code == 200 and again.get_json()["endpoint"] == subscription["endpoint"]
    # Sara signs in on the same browser of the same phone: the same endpoint and the same keys.
    assert sara.post(f"{BASE}/push/subscriptions", json=subscription).status_code == 200
    rows = db.session.scalars(db.select(PushSubscription)).all()
    assert [(r.user_id, r.endpoint) for r in rows] == [(org.sara.id, subscription["endpoint"])]
    assert "p256dh" not in again.get_json()


def test_an_endpoint_never_moves_to_another_organisation_or_with_other_keys(org, login, push_service):
    subscription = push_service.subscribe()
    assert login(org.erik).post(f"{BASE}/push/subscriptions", json=subscription).status_code == 201
    other_keys = {**subscription, "keys": push_service.subscribe()["keys"]}
    for person, body in ((org.outsider, subscription), (org.outsider, other_keys), (org.sara, other_keys)):
        response = login(person).post(f"{BASE}/push/subscriptions", json=body)
        assert response.status_code == 409, (person.email, response.get_json())
        assert "another browser" in response.get_json()["message"]
    db.session.expire_all()
    row = db.session.scalar(db.select(PushSubscription))
    assert (row.user_id, row.p256dh) == (org.erik.id, subscription["keys"]["p256dh"])
    # The owner may still send it again, even with keys the browser renewed.
    assert login(org.erik).post(f"{BASE}/push/subscriptions", json=other_keys).status_code == 200


def test_subscribing_turns_reminders_on_with_thursday_afternoon(org, login, push_service):
    erik = login(org.erik)
    assert erik.get(f"{BASE}/me/reminders").get_json()["enabled"] is False
    erik.post(f"{BASE}/push/subscriptions", json=push_service.subscribe())
    assert erik.get(f"{BASE}/me/reminders").get_json() | {"timezone": None, "snoozed_until": None} == {
        "enabled": True,
        "weekday": 4,
        "time": "15:00",
        "timezone": None,
        "snoozed_until": None,
        "weekly_digest": False,
        "channel": "auto",
        "reminder_emails": True,
        "digest_emails": True,
        "email_available": False,
        "push_devices": 1,
    }


def test_endpoint_must_be_an_allowed_push_service(org, login, push_service):
    erik = login(org.erik)
    keys = push_service.subscribe()["keys"]
    for endpoint in (
        "http://10.0.0.1:8080/push/x",
        "https://evil.example/push/x",
        "file:///etc/passwd",
        "http://127.0.0.1:8080/a b",
        "http://127.0.0.1:80.evil/x",
        "http://127.0.0.1:99999/x",
        "http://[::1].127.0.0.1:8080/x",
        "http://127.0.0.1:8080@evil.example/x",
    ):
        response = erik.post(f"{BASE}/push/subscriptions", json={"endpoint": endpoint, "keys": keys})
        assert response.status_code == 422, endpoint
        assert "endpoint" in response.get_json()["errors"]["json"]
    assert db.session.scalar(db.select(db.func.count(PushSubscription.id))) == 0


def test_a_bracketed_host_before_a_push_service_domain_is_refused(app, org, login, push_service, monkeypatch):
    monkeypatch.setitem(app.config, "PUSH_ALLOWED_ENDPOINTS", "https://*.push.apple.com/")
    erik = login(org.erik)
    keys = push_service.subscribe()["keys"]
    refused = erik.post(f"{BASE}/push/subscriptions", json={"endpoint": "https://[::1].push.apple.com/x", "keys": keys})
    assert refused.status_code == 422 and "endpoint" in refused.get_json()["errors"]["json"]
    allowed = erik.post(f"{BASE}/push/subscriptions", json={"endpoint": "https://web.push.apple.com/x", "keys": keys})
    assert allowed.status_code == 201
    db.session.expire_all()
    assert db.session.scalar(db.select(PushSubscription.origin)) == "https://web.push.apple.com:443"


def test_keys_are_validated(org, login, push_service):
    erik = login(org.erik)
    good = push_service.subscribe()
    bad_point = "B" + "A" * 86  # 65 bytes, but not on the curve
    for keys, field in (
        ({"p256dh": "short", "auth": good["keys"]["auth"]}, "p256dh"),
        ({"p256dh": bad_point, "auth": good["keys"]["auth"]}, "p256dh"),
        ({"p256dh": good["keys"]["p256dh"], "auth": "AAAA"}, "auth"),
        ({"p256dh": good["keys"]["p256dh"], "auth": "!!!!"}, "auth"),
    ):
        response = erik.post(f"{BASE}/push/subscriptions", json={"endpoint": good["endpoint"], "keys": keys})
        assert response.status_code == 422
        assert field in response.get_json()["errors"]["json"]["keys"]


def test_unsubscribe_removes_only_ones_own_device(org, login, push_service):
    subscription = push_service.subscribe()
    erik, sara = login(org.erik), login(org.sara)
    erik.post(f"{BASE}/push/subscriptions", json=subscription)
    assert sara.delete(f"{BASE}/push/subscriptions", json={"endpoint": subscription["endpoint"]}).status_code == 204
    assert db.session.scalar(db.select(db.func.count(PushSubscription.id))) == 1
    assert erik.delete(f"{BASE}/push/subscriptions", json={"endpoint": subscription["endpoint"]}).status_code == 204
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count(PushSubscription.id))) == 0


def test_signed_out_requests_are_refused(client, push_service):
    assert client.post(f"{BASE}/push/subscriptions", json=push_service.subscribe()).status_code == 401
    assert client.get(f"{BASE}/me/reminders").status_code == 401
    assert client.post(f"{BASE}/me/reminders/test").status_code == 401


def test_preferences_change_and_bad_values_name_the_field(org, login):
    erik = login(org.erik)
    changed = erik.patch(f"{BASE}/me/reminders", json={"weekday": 2, "time": "08:30", "enabled": False})
    assert changed.status_code == 200
    body = changed.get_json()
    assert (body["weekday"], body["time"], body["enabled"]) == (2, "08:30", False)
    for body, field in (
        ({"weekday": 8}, "weekday"),
        ({"weekday": 0}, "weekday"),
        ({"time": "25:00"}, "time"),
        ({"time": "8:30"}, "time"),
        ({"enabled": "maybe"}, "enabled"),
    ):
        response = erik.patch(f"{BASE}/me/reminders", json=body)
        assert response.status_code == 422 and field in response.get_json()["errors"]["json"], body
    assert erik.get(f"{BASE}/me/reminders").get_json()["time"] == "08:30"


def test_snooze_means_tomorrow_at_the_reminder_time(org, login):
    erik = login(org.erik)
    erik.patch(f"{BASE}/me/reminders", json={"time": "09:15"})
    until = datetime.fromisoformat(erik.post(f"{BASE}/me/reminders/snooze").get_json()["snoozed_until"])
    local = until.astimezone(__import__("zoneinfo").ZoneInfo("Europe/Stockholm"))
    assert (local.hour, local.minute) == (9, 15)
    assert 0 < (until - datetime.now(until.tzinfo)).total_seconds() <= 2 * 86400


def test_snooze_with_the_payloads_token_needs_no_cookie(org, client):
    token = messages.snooze_token(org.erik.id, "2026-W48")
    response = client.post(f"{BASE}/reminders/snooze", json={"token": token})
    assert response.status_code == 200 and response.get_json()["snoozed_until"]
    db.session.expire_all()
    assert db.session.get(ReminderPreference, org.erik.id).snoozed_until is not None
    forged = client.post(f"{BASE}/reminders/snooze", json={"token": token[:-2] + "xx"})
    assert forged.status_code == 422 and "token" in forged.get_json()["errors"]["json"]


def test_test_notification_reaches_every_device_urgently(org, login, push_service, sender):
    erik = login(org.erik)
    for _ in range(2):
        erik.post(f"{BASE}/push/subscriptions", json=push_service.subscribe())
    response = erik.post(f"{BASE}/me/reminders/test")
    assert response.status_code == 202
    assert response.get_json() == {"subscriptions": 2, "delivered": 2, "failed": 0, "removed": 0}
    deliveries = push_service.wait_for(2)
    assert {d.headers["Urgency"] for d in deliveries} == {"high"}
    assert deliveries[0].json["kind"] == "test" and deliveries[0].json["url"] == "/log"


def test_personal_data_export_and_erase(org, login, push_service):
    erik = login(org.erik)
    subscription = push_service.subscribe()
    erik.post(f"{BASE}/push/subscriptions", json=subscription, headers={"User-Agent": "Safari"})
    exported = service.export_personal_data(org.erik)
    assert exported["preferences"]["weekday"] == 4
    assert exported["subscriptions"][0]["endpoint"] == subscription["endpoint"]
    assert "p256dh" not in exported["subscriptions"][0] and "auth" not in exported["subscriptions"][0]
    service.erase_personal_data(org.erik)
    db.session.commit()
    assert service.subscriptions_of(org.erik.id) == []
    assert db.session.get(ReminderPreference, org.erik.id) is None


def test_test_notifications_are_limited_per_person(org, login, client, push_service, sender):
    assert [client.post(f"{BASE}/me/reminders/test").status_code for _ in range(4)] == [401] * 4
    erik, sara = login(org.erik), login(org.sara)
    erik.post(f"{BASE}/push/subscriptions", json=push_service.subscribe())
    answers = [erik.post(f"{BASE}/me/reminders/test").status_code for _ in range(4)]
    assert answers == [202, 202, 202, 429]
    assert len(push_service.wait_for(3)) == 3
    assert sara.post(f"{BASE}/me/reminders/test").status_code == 202  # someone else's limit
