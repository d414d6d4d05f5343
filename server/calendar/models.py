"""A person's private calendar feed (its secret URL) and their weekly learning block."""

from datetime import datetime, time

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Time, false
from sqlalchemy.orm import Mapped, mapped_column

from ..clock import utcnow
from ..extensions import db

MIN_MINUTES, MAX_MINUTES = 15, 480  # a learning block's length


class CalendarFeed(db.Model):
    """A person's private calendar feed. Only a hash of the feed's token is stored; the token itself
    is derived from the app's secret and `salt`, so the URL can be shown again without being kept."""

    __tablename__ = "calendar_feeds"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    salt: Mapped[str] = mapped_column(String(64))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class LearningBlock(db.Model):
    """The person's weekly learning hour as an event in their calendar, in their own time zone."""

    __tablename__ = "learning_blocks"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    enabled: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    weekday: Mapped[int] = mapped_column(Integer)  # ISO: 1 = Monday … 7 = Sunday
    time: Mapped[time] = mapped_column(Time)  # local time in the person's zone
    minutes: Mapped[int] = mapped_column(Integer)
    # Counts the moves: calendar apps take the event with the higher SEQUENCE as the newer one.
    sequence: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
