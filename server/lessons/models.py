"""Lessons learned: what someone learned from a success or a failure, shared with the organisation,
with colleagues' thanks and who has logged reading them.

The full-text companion table `lessons_fts` is not a model: the migrations create it and database
triggers keep it in step with `lessons.search_text`.
"""

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..clock import utcnow
from ..extensions import db

OUTCOMES = ("success", "failure")


class Lesson(db.Model):
    """What someone learned from a success or a failure, shared with the organisation.

    Ids are random, not counted up, and colleagues see only the day a lesson was published: an
    anonymous lesson's id or time must not place it next to its author's named posts."""

    __tablename__ = "lessons"
    __table_args__ = (Index("ix_lessons_org_published", "organisation_id", "published_on", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    # Kept for anonymous lessons too, so their author can edit them; shown only to admins.
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    title: Mapped[str] = mapped_column(String(200))
    context: Mapped[str] = mapped_column(Text, default="")
    what_happened: Mapped[str] = mapped_column(Text, default="")
    learned: Mapped[str] = mapped_column(Text, default="")
    next_time: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str] = mapped_column(String(16))
    # The organisation's day of publishing: what lists sort by and what colleagues see.
    published_on: Mapped[date] = mapped_column(Date)
    # Every text and the tags, folded for search (see `server.search`); never loaded unless asked.
    search_text: Mapped[str] = mapped_column(Text, default="", server_default="", deferred=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class LessonTag(db.Model):
    __tablename__ = "lesson_tags"
    __table_args__ = (Index("ix_lesson_tags_name", "name"),)

    lesson_id: Mapped[int] = mapped_column(ForeignKey("lessons.id", ondelete="CASCADE"), primary_key=True)
    name: Mapped[str] = mapped_column(String(40), primary_key=True)


class LessonThanks(db.Model):
    """ "Thank you for sharing": the one reaction. Shown as a count, never as names."""

    __tablename__ = "lesson_thanks"

    lesson_id: Mapped[int] = mapped_column(ForeignKey("lessons.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class LessonRead(db.Model):
    """Someone logged reading this lesson as learning time (the entry itself lives in their log)."""

    __tablename__ = "lesson_reads"

    lesson_id: Mapped[int] = mapped_column(ForeignKey("lessons.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
