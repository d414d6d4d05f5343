"""Logged learning time (entries) and the weeks a person is away."""

import datetime as dt

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..clock import utcnow
from ..extensions import db

ACTIVITIES = (
    "podcast",
    "article",
    "webinar",
    "course",
    "book",
    "video",
    "knowledge_session",
    "mentoring",
    "shadowing",
    "workshop",
    "other",
)
AWAY_REASONS = ("holiday", "parental_leave", "sick_leave", "other")


class Entry(db.Model):
    """Time spent learning on one day. The id is made by the client, so an offline outbox can replay
    it safely: the primary key is what makes a replay store nothing new."""

    __tablename__ = "entries"
    __table_args__ = (
        Index("ix_entries_user_week", "user_id", "week_start"),
        Index("ix_entries_organisation_week", "organisation_id", "week_start"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    date: Mapped[dt.date] = mapped_column(Date)
    week_start: Mapped[dt.date] = mapped_column(Date)
    minutes: Mapped[int] = mapped_column(Integer)
    activity: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(200), default="")
    # No foreign key: bank resources are soft-deleted and time logged against them stays.
    resource_id: Mapped[int | None] = mapped_column(Integer, index=True)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class AwayPeriod(db.Model):
    """Holiday, parental leave, sick leave: weeks it covers have no goal and do not break a streak."""

    __tablename__ = "away_periods"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(32), default="holiday")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
