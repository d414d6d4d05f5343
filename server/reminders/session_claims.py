"""Claims for knowledge-session notices (the day-before reminder, a cancellation): at most one of
each kind per person and session, whichever worker gets there first.

As with the weekly reminder's claims, a worker inserts the claim with ON CONFLICT DO NOTHING and
commits before sending; only the rows it actually inserted are its to send.
"""

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, delete, update
from sqlalchemy.orm import Mapped, mapped_column

from ..clock import utcnow
from ..extensions import db
from . import claims


class SessionReminderClaim(db.Model):
    __tablename__ = "session_reminder_claims"

    session_id: Mapped[int] = mapped_column(ForeignKey("knowledge_sessions.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)  # day_before | cancelled
    claimed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    delivered: Mapped[int] = mapped_column(Integer, default=0)


Key = tuple[int, int, str]  # (session_id, user_id, kind)


KEY = ("session_id", "user_id", "kind")


def claimed(keys: set[Key]) -> set[Key]:
    """Those of `keys` some worker has already claimed."""
    return claims.claimed(SessionReminderClaim, KEY, keys)


def claim(keys: set[Key]) -> set[Key]:
    """Claim these notices (see `claims.claim`, which commits); returns the keys this worker won."""
    return claims.claim(SessionReminderClaim, KEY, keys)


def _where(key: Key):
    session_id, user_id, kind = key
    return (
        SessionReminderClaim.session_id == session_id,
        SessionReminderClaim.user_id == user_id,
        SessionReminderClaim.kind == kind,
    )


def release(key: Key) -> None:
    """Give a claim back when nothing could have reached any device, so a later run tries again."""
    db.session.execute(delete(SessionReminderClaim).where(*_where(key)))


def record_delivered(key: Key, count: int) -> None:
    db.session.execute(update(SessionReminderClaim).where(*_where(key)).values(delivered=count))


def forget(user_id: int) -> None:
    """A person's claims go with their account (what they were reminded of is theirs)."""
    db.session.execute(delete(SessionReminderClaim).where(SessionReminderClaim.user_id == user_id))
