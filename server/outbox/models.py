"""The outgoing-message table: one row per message, written in the transaction of the change that
causes it, whatever carries it (an e-mail today, a chat post to a webhook next)."""

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..clock import utcnow
from ..extensions import db

STATES = ("queued", "sending", "sent", "failed", "cancelled")


class OutboxMessage(db.Model):
    """`kind` says which sender carries it (`mail`, `channel`, …), `target` where to (an address, a
    webhook's URL), `payload` what (JSON the sender renders). `idempotency_key` makes writing the same
    message twice store one. `state`: queued → sending (claimed by one worker until `lease_until`)
    → sent, or back to queued with `next_attempt_at` later, or failed for good with `last_error`."""

    __tablename__ = "outbox_messages"
    __table_args__ = (Index("ix_outbox_messages_due", "state", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    target: Mapped[str] = mapped_column(String(2048))
    payload: Mapped[dict] = mapped_column(JSON)
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    # What the message is about, for the feature that wrote it (e.g. "invite:12"): its state on screen.
    ref: Mapped[str | None] = mapped_column(String(100), index=True)
    # Whose admins see it fail; None for messages of no organisation.
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    state: Mapped[str] = mapped_column(String(12), default="queued")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    lease_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    claim_token: Mapped[str | None] = mapped_column(String(32))
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
