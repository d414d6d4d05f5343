"""Claims for knowledge-session notices (the day-before reminder, a cancellation): at most one of
each kind per person and session, whichever worker gets there first (see `claims.Book`)."""

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..clock import utcnow
from ..extensions import db
from .claims import Book


class SessionReminderClaim(db.Model):
    __tablename__ = "session_reminder_claims"

    session_id: Mapped[int] = mapped_column(ForeignKey("knowledge_sessions.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)  # day_before | cancelled
    claimed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    delivered: Mapped[int] = mapped_column(Integer, default=0)


Key = tuple[int, int, str]  # (session_id, user_id, kind)
BOOK = Book(SessionReminderClaim, ("session_id", "user_id", "kind"))
