"""The outbox's carrier for channel posts: each claimed post goes to its channel's webhook, and what the
webhook answers decides both the post's fate (sent, retried, failed) and the channel's health.

A channel is paused, with its reason, when its webhook is gone or revoked (404, 410, 401, 403) or
resolves to an address we may not post to; after CHANNEL_PAUSE_AFTER_FAILURES refusals for good in a
row; or when it has failed for now (429, 5xx, no answer) for CHANNEL_PAUSE_AFTER_HOURS. A post that
works again forgets the failures. The health is written with the post's outcome, in the outbox's
own commit of what became of each message.
"""

from datetime import timedelta

from flask import Flask, current_app

from .. import outbox
from ..clock import as_utc, utcnow
from ..extensions import db
from . import service, webhooks
from .models import Channel
from .sealing import Unsealable, unseal

REMOVED, PAUSED = "the channel was removed", "the channel is paused"


def _channel_id(message: outbox.Pending) -> int | None:
    prefix, _, number = message.target.partition(":")
    return int(number) if prefix == "channel" and number.isdigit() else None


class ChannelTransport(outbox.Transport):
    def __exit__(self, *exc):
        return None  # one request a post: nothing kept open between them

    def send(self, message: outbox.Pending) -> outbox.Result:
        channel_id = _channel_id(message)
        channel = db.session.get(Channel, channel_id) if channel_id else None
        if channel is None:
            return outbox.failed(REMOVED)
        if channel.paused_at is not None and not message.payload.get("test"):
            return outbox.failed(PAUSED)
        try:
            url = unseal(channel.url_sealed)
        except Unsealable:
            return self._settle(
                channel, webhooks.Outcome("failed", "sealed under another SECRET_KEY", webhooks.REFUSED)
            )
        if not webhooks.still_allowed(url):
            return self._settle(channel, webhooks.Outcome("failed", "no longer allowed", webhooks.NOT_ALLOWED))
        return self._settle(channel, webhooks.post(url, message.payload["body"]))

    def _settle(self, channel: Channel, outcome: webhooks.Outcome) -> outbox.Result:
        now = utcnow()
        config = current_app.config
        if outcome.state == "sent":
            _health(channel, failures_in_a_row=0, failing_since=None, last_error=None, last_sent_at=now)
            return outbox.SENT
        if outcome.state == "retry":
            since = as_utc(channel.failing_since) or now
            patience = timedelta(hours=float(config.get("CHANNEL_PAUSE_AFTER_HOURS") or 24))
            if now - since >= patience:
                _health(channel, last_error=outcome.error)
                service.pause(channel, webhooks.FAILING)
                return outbox.failed(outcome.error)
            _health(channel, failing_since=since, last_error=outcome.error)
            return outbox.retry(outcome.error, after=outcome.after)
        failures = (channel.failures_in_a_row or 0) + 1
        _health(channel, failures_in_a_row=failures, last_error=outcome.error)
        if outcome.pause or failures >= int(config.get("CHANNEL_PAUSE_AFTER_FAILURES") or 3):
            service.pause(channel, outcome.pause or webhooks.REFUSED)
        return outbox.failed(outcome.error)


def _health(channel: Channel, **values) -> None:
    """Written with what became of the post: the outbox commits both together."""
    for name, value in values.items():
        setattr(channel, name, value)


def open_transport(app: Flask) -> ChannelTransport:
    return ChannelTransport()
