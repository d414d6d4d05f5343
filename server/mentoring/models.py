"""Mentoring and job shadowing: offers and asks by topic, requests for a place, pairings of two
people, their meetings, and what each of them reflected when it ended.

Who mentors whom is known only to the two of them: every lookup of a request, a pairing or a
meeting goes through the service, which answers "not found" to anyone else, admins included.
"""

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..clock import utcnow
from ..extensions import db

KINDS = ("mentor", "shadow", "ask")  # offers to mentor, to host a shadowing day; asks for a mentor
STATUSES = ("open", "paused", "closed")
# A pending request holds a place (so two people cannot both ask for the last one); an accepted one
# holds it while its pairing lasts; declined and ended ones free it.
REQUEST_STATUSES = ("pending", "accepted", "declined", "ended")
HOLDING = ("pending", "accepted")


class Offer(db.Model):
    """Someone offers to mentor or to host a shadowing day on some topics, or asks for a mentor."""

    __tablename__ = "mentoring_offers"
    __table_args__ = (Index("ix_mentoring_offers_org_status", "organisation_id", "status", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(8))
    note: Mapped[str | None] = mapped_column(Text)
    capacity: Mapped[int] = mapped_column(Integer, default=1)  # people at once
    status: Mapped[str] = mapped_column(String(8), default="open")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class OfferTopic(db.Model):
    """A topic of an offer: a tag normalised as the bank's are, so "SQL" and "sql" are one topic."""

    __tablename__ = "mentoring_offer_topics"
    __table_args__ = (Index("ix_mentoring_offer_topics_name", "name"),)

    offer_id: Mapped[int] = mapped_column(ForeignKey("mentoring_offers.id", ondelete="CASCADE"), primary_key=True)
    name: Mapped[str] = mapped_column(String(40), primary_key=True)


class Request(db.Model):
    """A person asks the offer's person for a place (with a message); they accept or decline."""

    __tablename__ = "mentoring_requests"
    # One request per person and offer: asking twice is refused, also when both arrive at once.
    __table_args__ = (
        UniqueConstraint("offer_id", "requester_id"),
        Index("ix_mentoring_requests_offer_status", "offer_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("mentoring_offers.id", ondelete="CASCADE"))
    requester_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    message: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default="pending")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    answered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Pairing(db.Model):
    """Two people learning together: a mentor and a mentee, or a host and a guest for a shadowing day."""

    __tablename__ = "mentoring_pairings"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("mentoring_offers.id", ondelete="CASCADE"), index=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("mentoring_requests.id", ondelete="CASCADE"), unique=True)
    activity: Mapped[str] = mapped_column(String(16))  # what meetings are logged as: mentoring | shadowing
    mentor_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    mentee_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    ended_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class Meeting(db.Model):
    """A meeting of a pairing, logged for both. The id is made by the client, so an offline outbox
    can replay it safely; each person's private note lives in their own log entry."""

    __tablename__ = "mentoring_meetings"
    __table_args__ = (Index("ix_mentoring_meetings_pairing_date", "pairing_id", "date"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    pairing_id: Mapped[int] = mapped_column(ForeignKey("mentoring_pairings.id", ondelete="CASCADE"))
    date: Mapped[date] = mapped_column(Date)
    minutes: Mapped[int] = mapped_column(Integer)
    logged_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class Reflection(db.Model):
    """What one of the two took from the pairing when it ended; theirs alone, unless they shared it
    as a lesson learned."""

    __tablename__ = "mentoring_reflections"

    pairing_id: Mapped[int] = mapped_column(ForeignKey("mentoring_pairings.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
    text: Mapped[str] = mapped_column(Text)
    lesson_id: Mapped[int | None] = mapped_column(Integer)  # the lessons feature's; no foreign key across features
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
