"""Channels: the Teams and Slack channels an admin connects, and what is posted there. The one door to
this feature's rules; the Slack command lives in `slack.py`, connected Slack accounts in `connections.py`.

Posts go through the outbox (kind `channel`), written in the transaction of the change that causes
them: a session planned, a lesson published (hooks sessions and lessons offer), the Monday shelf
(`shelf.py`, part of every reminder run), a test message. Its target is `channel:<id>`, never the
webhook's URL, which stays sealed on the channel and is opened only to send.

Functions flush; the request commits.
"""

import secrets

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from .. import outbox
from ..accounts import service as accounts
from ..audit import service as audit
from ..clock import utcnow
from ..errors import RuleError, found
from ..extensions import db
from ..fields import View
from ..lessons import service as lessons
from ..sessions import service as sessions
from . import blocks, cards, posts, sealing, webhooks
from .models import EVENTS, Channel

KIND = "channel"
MAX_CHANNELS = 20  # per organisation


# -- lookups ------------------------------------------------------------------------------------
def visible_channel(viewer, channel_id: int) -> Channel:
    """A channel of the viewer's organisation (admins only reach the routes), or a 404."""
    channel = db.session.get(Channel, channel_id)
    mine = channel if channel is not None and channel.organisation_id == viewer.organisation_id else None
    return found(mine, "channel_id", _l("No such channel."))


def ref(channel_id: int) -> str:
    return f"channel:{channel_id}"


def events_of(channel: Channel) -> list[str]:
    return [event for event in EVENTS if getattr(channel, f"post_{event}")]


def describe_many(channels: list[Channel]) -> list[View]:
    latest = outbox.latest_by_ref(ref(c.id) for c in channels)
    views = []
    for channel in channels:
        last = latest.get(ref(channel.id))
        views.append(
            View(
                channel,
                url=channel.url_masked,
                events=events_of(channel),
                state="paused" if channel.paused_at else "active",
                last_post={"state": last.state, "at": last.sent_at or last.updated_at, "error": last.last_error}
                if last
                else None,
            )
        )
    return views


def describe(channel: Channel) -> View:
    return describe_many([channel])[0]


def list_channels(organisation_id: int) -> list[Channel]:
    return list(
        db.session.scalars(select(Channel).where(Channel.organisation_id == organisation_id).order_by(Channel.id))
    )


# -- an admin's changes ---------------------------------------------------------------------------
def _set_events(channel: Channel, events: list[str]) -> None:
    for event in EVENTS:
        setattr(channel, f"post_{event}", event in events)


def add_channel(admin, data: dict, app_url: str) -> Channel:
    """A channel for `data` (kind, url, events, locale, name); `app_url` is where links point when the
    server has no PUBLIC_URL."""
    url = webhooks.check_url(data["url"])
    count = db.session.scalar(select(func.count(Channel.id)).where(Channel.organisation_id == admin.organisation_id))
    if count >= MAX_CHANNELS:
        raise RuleError("url", _l("An organisation can post to %(num)d channels at most.", num=MAX_CHANNELS), 409)
    organisation = accounts.organisation_of(admin)
    channel = Channel(
        organisation_id=admin.organisation_id,
        kind=data["kind"],
        name=(data.get("name") or "").strip(),
        url_sealed=sealing.seal(url),
        url_masked=webhooks.mask(url),
        app_url=app_url.rstrip("/"),
        locale=data.get("locale") or organisation.default_locale or "en",
        created_by_id=admin.id,
        failures_in_a_row=0,
    )
    _set_events(channel, data.get("events", list(EVENTS)))
    db.session.add(channel)
    db.session.flush()
    audit.record(admin, "channel.added", target_type="channel", target_id=channel.id, target_name=_label(channel))
    return channel


def _label(channel: Channel) -> str:
    return f"{channel.kind}: {channel.name or channel.url_masked}"


def update_channel(admin, channel: Channel, changes: dict) -> Channel:
    """Events, language, name; `paused: false` resumes a paused channel (its failures forgotten)."""
    if "events" in changes:
        _set_events(channel, changes["events"])
    for name in ("locale", "name"):
        if name in changes:
            setattr(channel, name, changes[name].strip() if name == "name" else changes[name])
    if changes.get("paused") is False and channel.paused_at is not None:
        channel.paused_at = channel.pause_reason = channel.failing_since = None
        channel.failures_in_a_row = 0
        audit.record(admin, "channel.resumed", target_type="channel", target_id=channel.id, target_name=_label(channel))
    elif changes.get("paused") is True and channel.paused_at is None:
        pause(channel, "by_admin")
    db.session.flush()
    return channel


def remove_channel(admin, channel: Channel) -> None:
    """Gone at once; posts still waiting for it do not go."""
    outbox.cancel(ref(channel.id))
    audit.record(admin, "channel.removed", target_type="channel", target_id=channel.id, target_name=_label(channel))
    db.session.delete(channel)
    db.session.flush()


def send_test(admin, channel: Channel) -> dict:
    """A test post, sent right after the answer; it goes even to a paused channel (to see it works again)."""
    post = posts.test_post(events_of(channel), lang=channel.locale, link=linker(channel))
    message_id = write(channel, post, f"test:{secrets.token_hex(8)}", test=True)
    return {"id": message_id, "state": "queued"}


def pause(channel: Channel, reason: str) -> None:
    """Stop posting to a channel that keeps failing, and say why; what waits for it does not go."""
    channel.paused_at = utcnow()
    channel.pause_reason = reason
    outbox.cancel(ref(channel.id))


# -- posts ----------------------------------------------------------------------------------------
def linker(channel: Channel):
    base = (current_app.config.get("PUBLIC_URL") or channel.app_url or "").rstrip("/")
    return lambda path: base + path


def body_for(channel: Channel, post: posts.Post) -> dict:
    return cards.message(post) if channel.kind == "teams" else blocks.message(post)


def write(channel: Channel, post: posts.Post, key: str, *, test: bool = False) -> int | None:
    """The post into the outbox, in the current transaction, once per `key` and channel."""
    payload = {"what": post.what, "body": body_for(channel, post), "test": test}
    return outbox.enqueue(
        KIND,
        ref(channel.id),
        payload,
        key=f"channel:{channel.id}:{key}",
        ref=ref(channel.id),
        organisation_id=channel.organisation_id,
    )


def listening(organisation_id: int, event: str) -> list[Channel]:
    return list(
        db.session.scalars(
            select(Channel).where(
                Channel.organisation_id == organisation_id,
                getattr(Channel, f"post_{event}").is_(True),
                Channel.paused_at.is_(None),
            )
        )
    )


def on_session_planned(session) -> None:
    """Sessions' hook: a new upcoming session, posted to every channel that wants sessions."""
    channels = listening(session.organisation_id, "sessions")
    if not channels:
        return
    coming = sessions.rsvp_counts([session.id]).get(session.id, 0)
    timezone = accounts.get_organisation(session.organisation_id).timezone
    for channel in channels:
        post = posts.session_post(session, coming, timezone=timezone, lang=channel.locale, link=linker(channel))
        write(channel, post, f"session:{session.id}")


def on_lesson_published(lesson) -> None:
    """Lessons' hook: a new lesson, posted without its author to every channel that wants lessons."""
    channels = listening(lesson.organisation_id, "lessons")
    if not channels:
        return
    tags = lessons.tags_of([lesson.id]).get(lesson.id, [])
    for channel in channels:
        write(
            channel, posts.lesson_post(lesson, tags, lang=channel.locale, link=linker(channel)), f"lesson:{lesson.id}"
        )


def slack_enabled() -> bool:
    return bool((current_app.config.get("SLACK_SIGNING_SECRET") or "").strip())
