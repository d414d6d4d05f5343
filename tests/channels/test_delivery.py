"""Delivered once, never in the way: a 429 with Retry-After then a 200 makes exactly one post, at the
moment the webhook asked for; 5xx is retried until the channel has failed for a day and is paused with
its reason; a webhook that is gone pauses at once; no redirect is followed; private addresses are
refused unless the operator allows them. A paused channel shows why and can be resumed."""

from datetime import UTC, datetime, timedelta

import pytest

from server import create_app, outbox
from server.channels import service
from server.channels.models import Channel
from server.clock import as_utc
from server.extensions import db
from server.outbox import OutboxMessage
from tests.channels.conftest import inside
from tests.channels.formats import teams_card

MOMENT = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)


def _test_post(api, channel_id: int) -> None:
    assert api.post(f"/api/v1/organisation/channels/{channel_id}/test").status_code == 202


def _another_test_post(org, channel_id: int) -> None:
    """As the admin's button does, without its rate limit (these tests post many)."""
    service.send_test(org.admin, db.session.get(Channel, channel_id))
    db.session.commit()


def _channel(channel_id: int) -> Channel:
    db.session.expire_all()
    return db.session.get(Channel, channel_id)


def _message() -> OutboxMessage:
    db.session.expire_all()
    return db.session.scalars(db.select(OutboxMessage).order_by(OutboxMessage.id.desc())).first()


def test_a_429_with_retry_after_then_200_is_exactly_one_post_when_asked(
    org, clock, receiver, add_channel, deliver, login
):
    clock.set(MOMENT)
    channel_id = add_channel(org.admin, "teams")
    receiver.script((429, {"Retry-After": "120"}, "Too many requests"))
    _test_post(login(org.admin), channel_id)
    assert deliver() == {"sent": 0, "retried": 1, "failed": 0}
    waiting = _message()
    assert waiting.state == "queued" and as_utc(waiting.next_attempt_at) == MOMENT + timedelta(seconds=120)
    clock.set(MOMENT + timedelta(seconds=119))
    assert deliver()["sent"] == 0 and len(receiver.requests) == 1
    clock.set(MOMENT + timedelta(seconds=120))
    assert deliver()["sent"] == 1
    assert [r.status for r in receiver.requests] == [429, 202]
    [post] = receiver.accepted()
    teams_card(post.body)
    assert _channel(channel_id).failing_since is None and as_utc(_channel(channel_id).last_sent_at) == clock.now()


def test_a_webhook_that_keeps_answering_500_is_retried_then_paused_with_its_reason(
    org, clock, receiver, add_channel, deliver, login
):
    clock.set(MOMENT)
    channel_id = add_channel(org.admin, "slack")
    admin = login(org.admin)
    receiver.script(*[(500, {}, "internal_error")] * 60)
    _test_post(admin, channel_id)
    attempts = 0
    while _message().state == "queued":
        clock.set(as_utc(_message().next_attempt_at))
        deliver()
        attempts += 1
    assert attempts > 5 and len(receiver.requests) == attempts and receiver.accepted() == []
    channel = _channel(channel_id)
    assert channel.paused_at is not None and channel.pause_reason == "failing"
    assert as_utc(channel.paused_at) - MOMENT >= timedelta(hours=24)
    [shown] = admin.get("/api/v1/organisation/channels").get_json()
    assert shown["state"] == "paused" and shown["pause_reason"] == "failing"
    assert shown["last_error"] == "HTTP 500: internal_error" and shown["last_post"]["state"] == "failed"
    # paused: new sessions are not written for it at all
    login(org.erik).post(
        "/api/v1/sessions", json={"title": "Later", "starts_at": (clock.now() + timedelta(days=2)).isoformat()}
    )
    assert db.session.scalar(db.select(db.func.count(OutboxMessage.id))) == 1
    # resumed by the admin: its failures forgotten, and posts go again
    resumed = admin.patch(f"/api/v1/organisation/channels/{channel_id}", json={"paused": False}).get_json()
    assert resumed["state"] == "active" and resumed["pause_reason"] is None
    receiver.reset()
    _another_test_post(org, channel_id)
    assert deliver()["sent"] == 1 and len(receiver.accepted()) == 1


@pytest.mark.parametrize(("status", "reason"), [(404, "gone"), (410, "gone"), (403, "revoked")])
def test_a_webhook_that_is_gone_or_revoked_pauses_at_once(
    org, clock, receiver, add_channel, deliver, login, status, reason
):
    clock.set(MOMENT)
    channel_id = add_channel(org.admin, "slack")
    admin = login(org.admin)
    receiver.script((status, {}, "no_service"))
    _test_post(admin, channel_id)
    lesson = {"title": "Waits behind the test post", "learned": "Patience", "outcome": "success"}
    assert login(org.erik).post("/api/v1/lessons", json=lesson).status_code == 201
    assert deliver() == {"sent": 0, "retried": 0, "failed": 2}
    channel = _channel(channel_id)
    assert (channel.pause_reason, channel.last_error) == (reason, f"HTTP {status}: no_service")
    assert len(receiver.requests) == 1


def test_a_few_refusals_in_a_row_pause_it_and_a_success_between_forgives(org, clock, receiver, add_channel, deliver):
    clock.set(MOMENT)
    channel_id = add_channel(org.admin, "slack")
    receiver.script((400, {}, "invalid_payload"), (400, {}, "invalid_payload"), (200, {}, "ok"))
    for _ in range(3):
        _another_test_post(org, channel_id)
        deliver()
    assert _channel(channel_id).paused_at is None and _channel(channel_id).failures_in_a_row == 0
    receiver.script(*[(400, {}, "invalid_payload")] * 3)
    for _ in range(3):
        _another_test_post(org, channel_id)
        deliver()
    assert _channel(channel_id).pause_reason == "refused"


def test_a_redirect_is_not_followed(org, clock, receiver, add_channel, deliver, login):
    clock.set(MOMENT)
    channel_id = add_channel(org.admin, "teams")
    receiver.script((307, {"Location": receiver.url("/teams/elsewhere")}, ""))
    _test_post(login(org.admin), channel_id)
    assert deliver()["failed"] == 1
    assert [r.path for r in receiver.requests] == ["/teams/hook-teams"]
    assert _message().last_error == "HTTP 307: a redirect, not followed"


def test_a_channel_removed_meanwhile_drops_what_waited_for_it(org, clock, receiver, add_channel, deliver, login):
    clock.set(MOMENT)
    channel_id = add_channel(org.admin, "teams")
    admin = login(org.admin)
    _test_post(admin, channel_id)
    assert admin.delete(f"/api/v1/organisation/channels/{channel_id}").status_code == 204
    assert deliver()["sent"] == 0 and receiver.requests == []
    assert _message().state == "cancelled"


@pytest.fixture(scope="module")
def strict_app(app, app_config, receiver_running):
    """An operator who lists the loopback receiver but does not allow private addresses."""
    made = create_app(app_config | {"CHANNEL_ALLOWED_URLS": f"{receiver_running.base}/,http://localhost:"})
    yield made
    with made.app_context():  # its pooled connections closed here, not by the garbage collector mid-test
        db.engine.dispose()


def test_only_allowed_addresses_and_never_private_ones_unless_allowed(org, strict_app, receiver, login, clock):
    clock.set(MOMENT)
    admin = login(org.admin)
    for url in (
        "https://example.com/hook",
        "ftp://hooks.slack.com/x",
        "hooks.slack.com/services/x",
        "https://hooks.slack.com.evil.example/x",
    ):
        refused = admin.post("/api/v1/organisation/channels", json={"kind": "slack", "url": url})
        assert refused.status_code == 422 and "url" in refused.get_json()["errors"]["json"], url
    with inside(strict_app):
        with pytest.raises(service.RuleError) as caught:
            service.add_channel(db.session.merge(org.admin), {"kind": "teams", "url": receiver.url("/teams/x")}, "")
        assert caught.value.field == "url" and "private network" in str(caught.value.message)
        # a host name that turns out to be private is refused when the post goes, and pauses the channel
        channel = service.add_channel(db.session.merge(org.admin), {"kind": "teams", "url": "http://localhost:9/x"}, "")
        service.send_test(db.session.merge(org.admin), channel)
        db.session.commit()
        assert outbox.deliver()["failed"] == 1
        channel_id = channel.id
    assert _channel(channel_id).pause_reason == "address" and receiver.requests == []
