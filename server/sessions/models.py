"""Knowledge sessions with their RSVPs and resources to read first, and series that repeat."""

from datetime import date, datetime, time

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String, Text, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..clock import utcnow
from ..extensions import db


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
    # Cancelled sessions stay (marked), so those who joined hear of it and calendars drop the event.
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class SessionSeries(db.Model):
    """Sessions that repeat ("the first Friday of the month", "every other Tuesday") at a local time."""

    __tablename__ = "session_series"
    __table_args__ = (Index("ix_session_series_org", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    place: Mapped[str | None] = mapped_column(String(200))
    capacity: Mapped[int | None] = mapped_column(Integer)
    frequency: Mapped[str] = mapped_column(String(16))  # weekly | biweekly | monthly
    weekday: Mapped[int] = mapped_column(Integer)  # ISO: 1 = Monday … 7 = Sunday
    week_of_month: Mapped[int | None] = mapped_column(Integer)  # monthly: 1–4, or 5 for the last
    local_time: Mapped[time] = mapped_column(Time)
    duration_minutes: Mapped[int] = mapped_column(Integer)
    timezone: Mapped[str] = mapped_column(String(64))
    starts_on: Mapped[date] = mapped_column(Date)
    # A session whose day is a public holiday: "move" to the next working day, or "skip" it.
    on_holiday: Mapped[str] = mapped_column(String(8), default="move", server_default="move")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    stopped_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class SessionOccurrence(db.Model):
    """A session that a series made: which series, and which of its days."""

    __tablename__ = "session_occurrences"
    # One session per series and day: making a series' next sessions twice makes them once.
    __table_args__ = (UniqueConstraint("series_id", "occurrence_on"),)

    session_id: Mapped[int] = mapped_column(ForeignKey("knowledge_sessions.id", ondelete="CASCADE"), primary_key=True)
    series_id: Mapped[int] = mapped_column(ForeignKey("session_series.id", ondelete="CASCADE"))
    occurrence_on: Mapped[date] = mapped_column(Date)


class SessionResource(db.Model):
    """Something from the bank to read (or hear) before the session."""

    __tablename__ = "session_resources"

    session_id: Mapped[int] = mapped_column(ForeignKey("knowledge_sessions.id", ondelete="CASCADE"), primary_key=True)
    resource_id: Mapped[int] = mapped_column(Integer, primary_key=True)  # the bank's; no foreign key across features
    position: Mapped[int] = mapped_column(Integer, default=0)


class Rsvp(db.Model):
    """Someone has said they are coming."""

    __tablename__ = "session_rsvps"

    session_id: Mapped[int] = mapped_column(ForeignKey("knowledge_sessions.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
