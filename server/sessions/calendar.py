"""Private calendar feeds: a secret URL per person listing the sessions they are coming to.

Only a hash of the token is stored. The token is an HMAC of the person and a random salt under the
app's secret key, so the same URL can be shown again without keeping it, and a reset (a new salt)
turns the old URL off.
"""

import base64
import hashlib
import hmac
import secrets
from datetime import datetime

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import DateTime, literal, select
from sqlalchemy.exc import IntegrityError

from ..accounts import service as accounts
from ..clock import as_utc, utcnow
from ..errors import found
from ..extensions import db
from . import ics
from .models import CalendarFeed, KnowledgeSession, Rsvp


def _derive(user_id: int, salt: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, f"calendar-feed:{user_id}:{salt}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def feed_token(user, *, reset: bool = False) -> str:
    """The user's feed token, made on first use; `reset` makes a new one and the old stops working."""
    feed = db.session.get(CalendarFeed, user.id)
    if feed is None:
        salt = secrets.token_urlsafe(24)
        try:
            with db.session.begin_nested():
                db.session.add(CalendarFeed(user_id=user.id, salt=salt, token_hash=_hash(_derive(user.id, salt))))
        except IntegrityError:  # made a moment ago by the same person on another device
            pass
        feed = db.session.get(CalendarFeed, user.id, populate_existing=True)
    elif reset:
        feed.salt = secrets.token_urlsafe(24)
    token = _derive(user.id, feed.salt)
    if feed.token_hash != _hash(token):  # reset, or the app's secret key was changed
        feed.token_hash = _hash(token)
    db.session.flush()
    return token


def feed_owner(token: str):
    """The active person whose feed this is, or a 404 (a URL that never was, or no longer is, a feed)."""
    user_id = None
    if token and len(token) <= 100:
        user_id = db.session.scalar(select(CalendarFeed.user_id).where(CalendarFeed.token_hash == _hash(token)))
    user = accounts.users_by_id([user_id]).get(user_id) if user_id is not None else None
    return found(user if user is not None and user.is_active else None, "token", _l("Not found."))


def forget_feed(user) -> None:
    db.session.execute(db.delete(CalendarFeed).where(CalendarFeed.user_id == user.id))


def upcoming_attending(user, now: datetime | None = None) -> list[KnowledgeSession]:
    moment = literal(now or utcnow(), DateTime(timezone=True))
    return list(
        db.session.scalars(
            select(KnowledgeSession)
            .join(Rsvp, Rsvp.session_id == KnowledgeSession.id)
            .where(
                Rsvp.user_id == user.id,
                KnowledgeSession.organisation_id == user.organisation_id,
                KnowledgeSession.finishes_at > moment,
            )
            .order_by(KnowledgeSession.starts_at, KnowledgeSession.id)
        )
    )


def feed_text(user, now: datetime | None = None) -> str:
    events = [
        {
            "uid": f"knowledge-session-{s.id}@learning-hour",
            "starts_at": as_utc(s.starts_at),
            "ends_at": as_utc(s.finishes_at),
            "summary": s.title,
            "description": s.description,
            "location": s.place,
            "updated_at": as_utc(s.updated_at),
            "status": "CANCELLED" if s.cancelled_at else "CONFIRMED",
        }
        for s in upcoming_attending(user, now)
    ]
    return ics.calendar(events, name="Learning Hour", stamp=now)
