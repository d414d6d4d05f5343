"""Knowledge sessions with their RSVPs, private calendar feeds, and lessons learned."""
from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..accounts.models import utcnow
from ..extensions import db

OUTCOMES = ("success", "failure")


class KnowledgeSession(db.Model):
    """A colleague's knowledge breakfast, lunch talk or demo: a time, a place and who is coming."""

    __tablename__ = "knowledge_sessions"
    __table_args__ = (
        Index("ix_knowledge_sessions_org_starts", "organisation_id", "starts_at"),
        Index("ix_knowledge_sessions_org_finishes", "organisation_id", "finishes_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ends_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # `ends_at`, or an hour after the start when no end was given: what "upcoming" is decided by.
    finishes_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    place: Mapped[str | None] = mapped_column(String(200))
    capacity: Mapped[int | None] = mapped_column(Integer)
    host_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class Rsvp(db.Model):
    """Someone has said they are coming."""

    __tablename__ = "session_rsvps"

    session_id: Mapped[int] = mapped_column(ForeignKey("knowledge_sessions.id", ondelete="CASCADE"),
                                            primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class CalendarFeed(db.Model):
    """A person's private calendar feed. Only a hash of the feed's token is stored; the token itself
    is derived from the app's secret and `salt`, so the URL can be shown again without being kept."""

    __tablename__ = "calendar_feeds"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    salt: Mapped[str] = mapped_column(String(64))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Lesson(db.Model):
    """What someone learned from a success or a failure, shared with the organisation."""

    __tablename__ = "lessons"
    __table_args__ = (Index("ix_lessons_org_id", "organisation_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    # Kept for anonymous lessons too, so their author can edit them; never shown to anyone else.
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    title: Mapped[str] = mapped_column(String(200))
    context: Mapped[str] = mapped_column(Text, default="")
    what_happened: Mapped[str] = mapped_column(Text, default="")
    learned: Mapped[str] = mapped_column(Text, default="")
    next_time: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class LessonTag(db.Model):
    __tablename__ = "lesson_tags"
    __table_args__ = (Index("ix_lesson_tags_name", "name"),)

    lesson_id: Mapped[int] = mapped_column(ForeignKey("lessons.id", ondelete="CASCADE"), primary_key=True)
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
