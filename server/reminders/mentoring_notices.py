"""Mentoring notices, by push and/or e-mail as the person's reminders go: the person asked hears of
the request, the asker hears the answer, and an idle pairing gets one gentle reminder. Which notices
are due and what they say (in the person's language) is the mentoring feature's to decide
(`mentoring.service.due_notices`); here they are claimed once across workers and delivered through
the one claim → send → settle loop (`notices.deliver`), as knowledge-session notices are.
"""

import json
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, select
from sqlalchemy.orm import Mapped, mapped_column

from ..accounts import service as accounts
from ..clock import utcnow
from ..extensions import db
from ..mentoring import service as mentoring
from . import channels, delivery, messages, notices
from .claims import Book
from .models import ReminderPreference


class MentoringNoticeClaim(db.Model):
    __tablename__ = "mentoring_notice_claims"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)  # request | accepted | declined | idle
    subject: Mapped[str] = mapped_column(String(64), primary_key=True)  # e.g. "request:12", "idle:5:2026-11-02"
    claimed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    delivered: Mapped[int] = mapped_column(Integer, default=0)


BOOK = Book(MentoringNoticeClaim, ("user_id", "kind", "subject"))


def _topic(notice) -> str:
    """A push topic per subject (a newer message replaces an undelivered one of the same topic)."""
    what, number = notice.subject.split(":")[:2]
    return f"mentoring-{what}-{number}"


def payload(text: dict) -> bytes:
    return json.dumps(text, ensure_ascii=False, separators=(",", ":")).encode()


def _mail(text: dict, user) -> notices.Mail:
    return notices.Mail(
        "mentoring_notice",
        {"title": text["title"], "body": text["body"], "path": text["url"]},
        unsubscribe=f"/unsubscribe/{messages.unsubscribe_token(user.id, channels.REMINDER)}",
    )


def due(now: datetime, paused: set[str]) -> tuple[list[notices.Notice], int]:
    """The notices due at `now` that no worker has claimed yet, each with its way to the person, and
    how many wait for a paused push service."""
    due_now = mentoring.due_notices(now)
    wanted = sorted({n.user_id for n in due_now})
    preferences = (
        {
            p.user_id: p
            for p in db.session.scalars(
                select(ReminderPreference).where(
                    ReminderPreference.user_id.in_(wanted), ReminderPreference.enabled.is_(True)
                )
            )
        }
        if wanted
        else {}
    )
    people = {i: u for i, u in accounts.users_by_id(preferences).items() if u.is_active}
    devices = delivery.subscriptions_by_user(people)
    taken = BOOK.claimed(n.key for n in due_now if n.user_id in people)
    found, waiting = [], 0
    for notice in due_now:
        user = people.get(notice.user_id)
        if user is None or notice.key in taken:
            continue
        way = channels.route(preferences[user.id], devices.get(user.id, []), paused, channels.REMINDER)
        if way is None:
            continue
        if way.waiting:
            waiting += 1
            continue
        text = notice.text(user.locale)
        found.append(
            notices.Notice(
                notice.key,
                user,
                devices=way.devices,
                push=payload(text) if way.devices else None,
                topic=_topic(notice),
                mail=_mail(text, user) if way.mail else None,
            )
        )
    return found, waiting


def run(now: datetime) -> dict:
    """Claim (committed before anything is sent) and deliver the notices due; the caller commits the rest."""
    paused = delivery.paused_origins()
    found, waiting = due(now, paused)
    counts = {"due": len(found), "claimed": 0, "waiting": waiting, "sent": 0, "mailed": 0, "released": 0}
    notices.deliver(found, BOOK, "mentoring", paused, counts)
    return counts


def forget(user_id: int) -> None:
    """A person's claims go with their account."""
    BOOK.forget(user_id)
