"""The person's calendar: the private feed's secret URL, the weekly learning block, and the feed.

Feed tokens: only a hash is stored. The token is an HMAC of the person and a random salt under the
app's secret key, so the same URL can be shown again without keeping it, and a reset (a new salt)
turns the old URL off.

Functions flush; the request commits.
"""

import base64
import hashlib
import hmac
import secrets
from datetime import datetime, time

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..accounts import service as accounts
from ..clock import as_utc, utcnow
from ..errors import found
from ..extensions import db
from ..sessions import service as sessions
from . import feed
from .models import MAX_MINUTES, MIN_MINUTES, CalendarFeed, LearningBlock

DEFAULT_WEEKDAY, DEFAULT_TIME = 5, time(14, 0)  # Friday afternoon, when weeks wind down
LOCALES = ("sv", "nb", "en")
BLOCK_FIELDS = ("enabled", "weekday", "time", "minutes")


# -- the feed's secret URL ----------------------------------------------------------------------
def _derive(user_id: int, salt: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, f"calendar-feed:{user_id}:{salt}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def feed_token(user, *, reset: bool = False) -> str:
    """The user's feed token, made on first use; `reset` makes a new one and the old stops working."""
    row = db.session.get(CalendarFeed, user.id)
    if row is None:
        salt = secrets.token_urlsafe(24)
        try:
            with db.session.begin_nested():
                db.session.add(CalendarFeed(user_id=user.id, salt=salt, token_hash=_hash(_derive(user.id, salt))))
        except IntegrityError:  # made a moment ago by the same person on another device
            pass
        row = db.session.get(CalendarFeed, user.id, populate_existing=True)
    elif reset:
        row.salt = secrets.token_urlsafe(24)
    token = _derive(user.id, row.salt)
    if row.token_hash != _hash(token):  # reset, or the app's secret key was changed
        row.token_hash = _hash(token)
    db.session.flush()
    return token


def feed_owner(token: str):
    """The active person whose feed this is, or a 404 (a URL that never was, or no longer is, a feed)."""
    user_id = None
    if token and len(token) <= 100:
        user_id = db.session.scalar(select(CalendarFeed.user_id).where(CalendarFeed.token_hash == _hash(token)))
    user = accounts.users_by_id([user_id]).get(user_id) if user_id is not None else None
    return found(user if user is not None and user.is_active else None, "token", _l("Not found."))


# -- the learning block -------------------------------------------------------------------------
def _default_minutes(user) -> int:
    return min(MAX_MINUTES, max(MIN_MINUTES, accounts.weekly_goal(user) or 60))


def learning_block(user) -> dict:
    """The block as the person set it; never set: off, Friday 14:00, their weekly goal long."""
    row = db.session.get(LearningBlock, user.id)
    return {
        "enabled": bool(row and row.enabled),
        "weekday": row.weekday if row else DEFAULT_WEEKDAY,
        "time": (row.time if row else DEFAULT_TIME).strftime("%H:%M"),
        "minutes": row.minutes if row else _default_minutes(user),
        "timezone": user.timezone,
        "updated_at": as_utc(row.updated_at) if row else None,
    }


def update_learning_block(user, changes: dict) -> dict:
    """Set any of enabled, weekday, time (a `datetime.time`, local), minutes. A change moves the
    event in every subscribed calendar: same UID, a higher SEQUENCE, a new DTSTAMP."""
    row = db.session.get(LearningBlock, user.id)
    if row is None:
        row = LearningBlock(
            user_id=user.id, enabled=False, weekday=DEFAULT_WEEKDAY, time=DEFAULT_TIME, minutes=_default_minutes(user)
        )
        try:
            with db.session.begin_nested():
                db.session.add(row)
        except IntegrityError:  # the same person, a moment ago, on another device
            row = db.session.get(LearningBlock, user.id, populate_existing=True)
    changed = [name for name in BLOCK_FIELDS if name in changes and getattr(row, name) != changes[name]]
    if changed:
        for name in changed:
            setattr(row, name, changes[name])
        row.sequence = (row.sequence or 0) + 1
        row.updated_at = utcnow()
    db.session.flush()
    return learning_block(user)


def _block(user, row: LearningBlock) -> feed.Block:
    with force_locale(user.locale if user.locale in LOCALES else "en"):
        summary = _("Learning hour")
        description = _("Your weekly time to learn. Afterwards, log it in Learning Hour.")
    return feed.Block(
        user_id=user.id,
        weekday=row.weekday,
        time=row.time,
        minutes=row.minutes,
        timezone=user.timezone,
        sequence=row.sequence or 0,
        updated_at=as_utc(row.updated_at),
        summary=summary,
        description=description,
    )


def _block_row(user) -> LearningBlock:
    row = db.session.get(LearningBlock, user.id)
    if row is None:  # never set: the defaults, as GET shows them, as of now
        row = LearningBlock(
            weekday=DEFAULT_WEEKDAY, time=DEFAULT_TIME, minutes=_default_minutes(user), sequence=0, updated_at=utcnow()
        )
    return row


# -- the feed -----------------------------------------------------------------------------------
def feed_text(user, now: datetime | None = None) -> bytes:
    """The private feed: the sessions the person is coming to, and their learning block when on."""
    now = now or utcnow()
    events = [feed.session_event(s, now) for s in sessions.upcoming_attending(user, now)]
    row = db.session.get(LearningBlock, user.id)
    if row is not None and row.enabled:
        events.insert(0, feed.block_event(_block(user, row)))
    return feed.calendar(events, name="Learning Hour")


def block_file(user) -> bytes:
    """The learning block alone, to import once (as the settings show it, on or off)."""
    return feed.calendar([feed.block_event(_block(user, _block_row(user)))], name="Learning Hour")


def forget_feed(user) -> None:
    """The feed's secret URL stops working; the next ask makes a new one."""
    db.session.execute(db.delete(CalendarFeed).where(CalendarFeed.user_id == user.id))


def forget(user) -> None:
    forget_feed(user)
    db.session.execute(db.delete(LearningBlock).where(LearningBlock.user_id == user.id))
