"""Push subscriptions, reminder preferences, reminder claims and paused push services."""

from datetime import datetime, time

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Time, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column

from ..clock import as_utc, utcnow  # noqa: F401  (re-exported: models and callers share one clock)
from ..extensions import db

# A person's reminder settings, listed once: each with what it is until they change it (a person who
# never chose has reminders off; a row made for them starts from these). Thursday 15:00 by default.
SETTINGS = {"enabled": True, "weekday": 4, "time": time(15, 0), "weekly_digest": False, "channel": "auto"}


class PushSubscription(db.Model):
    """One browser on one device that has agreed to receive our notifications."""

    __tablename__ = "push_subscriptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    endpoint: Mapped[str] = mapped_column(String(2048), unique=True)
    # scheme://host:port of the endpoint: the VAPID audience, and the unit a push service pauses.
    origin: Mapped[str] = mapped_column(String(300), index=True)
    p256dh: Mapped[str] = mapped_column(String(100))
    auth: Mapped[str] = mapped_column(String(40))
    user_agent: Mapped[str | None] = mapped_column(String(400))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_success_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    failure_count: Mapped[int] = mapped_column(Integer, default=0)


class ReminderPreference(db.Model):
    """When a person wants their weekly nudge, in their own timezone."""

    __tablename__ = "reminder_preferences"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    enabled: Mapped[bool] = mapped_column(Boolean, default=SETTINGS["enabled"])
    weekday: Mapped[int] = mapped_column(Integer, default=SETTINGS["weekday"])  # ISO: 1 = Monday … 7 = Sunday
    time: Mapped[time] = mapped_column(Time, default=lambda: SETTINGS["time"])
    snoozed_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Opt-in: on Monday, the week's most saved and "worth it" resources of the bank.
    weekly_digest: Mapped[bool] = mapped_column(Boolean, default=SETTINGS["weekly_digest"], server_default=false())
    # How: auto (push where the person has a device, otherwise e-mail), push, email or both.
    channel: Mapped[str] = mapped_column(String(8), default=SETTINGS["channel"], server_default="auto")
    # When the person stopped reminder or digest e-mails from an e-mail's unsubscribe link (None: they come).
    reminder_mail_stopped_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    digest_mail_stopped_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class ReminderClaim(db.Model):
    """The database's promise that a reminder goes out at most once per person, week and kind:
    a worker inserts the claim before sending, and the unique key turns every other worker away."""

    __tablename__ = "reminder_claims"
    __table_args__ = (UniqueConstraint("user_id", "week", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    week: Mapped[str] = mapped_column(String(10))  # "2026-W48"
    kind: Mapped[str] = mapped_column(String(16))  # weekly | snooze
    claimed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    delivered: Mapped[int] = mapped_column(Integer, default=0)


class PushServicePause(db.Model):
    """A push service that asked us to slow down (429/406 with Retry-After) or is down.

    Kept in the database rather than in memory so that every worker on every host honours it."""

    __tablename__ = "push_service_pauses"

    origin: Mapped[str] = mapped_column(String(300), primary_key=True)
    paused_until: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    reason: Mapped[str] = mapped_column(String(32))
