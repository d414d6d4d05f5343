"""Chat channels an admin connected (Teams or Slack), the Monday shelves claimed for them, and the
Slack people connected to their Learning Hour accounts."""

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..clock import utcnow
from ..extensions import db

KINDS = ("teams", "slack")
EVENTS = ("sessions", "lessons", "shelf")
LOCALES = ("sv", "nb", "en")


class Channel(db.Model):
    """A Teams channel (a Workflows webhook) or a Slack channel (an incoming webhook) that hears of new
    sessions, lessons and the Monday shelf. The webhook's URL is a secret: kept sealed (`sealing.py`),
    shown masked. A channel that keeps failing is paused with its reason until an admin resumes it."""

    __tablename__ = "channels"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(8))
    name: Mapped[str] = mapped_column(String(100), default="")
    url_sealed: Mapped[str] = mapped_column(Text)
    url_masked: Mapped[str] = mapped_column(String(200))
    # Where the app is, for links in posts when PUBLIC_URL is unset: the address the admin used.
    app_url: Mapped[str] = mapped_column(String(300))
    locale: Mapped[str] = mapped_column(String(5))
    post_sessions: Mapped[bool] = mapped_column(Boolean, default=True)
    post_lessons: Mapped[bool] = mapped_column(Boolean, default=True)
    post_shelf: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Health: failures the webhook gave for good in a row, since when it has failed for now, the last word.
    failures_in_a_row: Mapped[int] = mapped_column(Integer, default=0)
    failing_since: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_error: Mapped[str | None] = mapped_column(Text)
    last_sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    paused_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    pause_reason: Mapped[str | None] = mapped_column(Text)


class ChannelShelf(db.Model):
    """The Monday shelf of one ISO week claimed for one channel: inserted once across every worker."""

    __tablename__ = "channel_shelves"

    channel_id: Mapped[int] = mapped_column(ForeignKey("channels.id", ondelete="CASCADE"), primary_key=True)
    week: Mapped[str] = mapped_column(String(8), primary_key=True)
    claimed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    items: Mapped[int] = mapped_column(Integer, default=0)


class SlackAccount(db.Model):
    """A Slack person (workspace and user id) connected to one Learning Hour account: one Slack person
    to one account, and one Slack person per workspace for each account."""

    __tablename__ = "slack_accounts"
    __table_args__ = (
        UniqueConstraint("team_id", "slack_user_id"),
        UniqueConstraint("user_id", "team_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    team_id: Mapped[str] = mapped_column(String(32))
    team_name: Mapped[str] = mapped_column(String(100), default="")
    slack_user_id: Mapped[str] = mapped_column(String(32))
    slack_user_name: Mapped[str] = mapped_column(String(100), default="")
    connected_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SlackLink(db.Model):
    """A one-time link that connects the Slack person who asked for it to whoever opens it signed in.
    Only the token's hash is kept."""

    __tablename__ = "slack_links"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    team_name: Mapped[str] = mapped_column(String(100), default="")
    slack_user_id: Mapped[str] = mapped_column(String(32))
    slack_user_name: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class SlackRequest(db.Model):
    """A signed Slack request already answered: the same signature is never accepted twice."""

    __tablename__ = "slack_requests"

    signature: Mapped[str] = mapped_column(String(80), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
