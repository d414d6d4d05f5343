"""Mentoring notices by Web Push: the person asked hears of the request, the asker hears the answer,
and an idle pairing gets one gentle reminder. Which notices are due and what they say (in the
person's language) is the mentoring feature's to decide (`mentoring.service.due_notices`); here they
are claimed once across workers and sent, as knowledge-session notices are.

They go to people with reminders on and a device subscribed behind a push service that is not
paused; a notice whose every device could simply be tried again is released for the next run.
A source of its own, so that another channel (e-mail) can take the same notices.
"""

import json
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, delete, select, update
from sqlalchemy.orm import Mapped, mapped_column

from ..accounts import service as accounts
from ..clock import utcnow
from ..extensions import db
from ..mentoring import service as mentoring
from . import claims, delivery
from .models import ReminderPreference


class MentoringNoticeClaim(db.Model):
    __tablename__ = "mentoring_notice_claims"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)  # request | accepted | declined | idle
    subject: Mapped[str] = mapped_column(String(64), primary_key=True)  # e.g. "request:12", "idle:5:2026-11-02"
    claimed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    delivered: Mapped[int] = mapped_column(Integer, default=0)


KEY = ("user_id", "kind", "subject")


def _where(key: tuple[int, str, str]):
    user_id, kind, subject = key
    return (
        MentoringNoticeClaim.user_id == user_id,
        MentoringNoticeClaim.kind == kind,
        MentoringNoticeClaim.subject == subject,
    )


def _topic(notice) -> str:
    """A push topic per subject (a newer message replaces an undelivered one of the same topic)."""
    what, number = notice.subject.split(":")[:2]
    return f"mentoring-{what}-{number}"


def payload(notice, user) -> bytes:
    return json.dumps(notice.text(user.locale), ensure_ascii=False, separators=(",", ":")).encode()


def due(now: datetime, paused: set[str]) -> tuple[list[tuple], int]:
    """(notice, person, reachable devices) due at `now` and not yet claimed, and how many wait for a
    paused push service."""
    notices = mentoring.due_notices(now)
    wanted = {n.user_id for n in notices}
    enabled = (
        set(
            db.session.scalars(
                select(ReminderPreference.user_id).where(
                    ReminderPreference.user_id.in_(sorted(wanted)), ReminderPreference.enabled.is_(True)
                )
            )
        )
        if wanted
        else set()
    )
    people = {i: u for i, u in accounts.users_by_id(enabled).items() if u.is_active}
    devices = delivery.subscriptions_by_user(people)
    taken = claims.claimed(MentoringNoticeClaim, KEY, {n.key for n in notices if n.user_id in people})
    found, waiting = [], 0
    for notice in notices:
        if notice.user_id not in people or not devices.get(notice.user_id) or notice.key in taken:
            continue
        reachable = [s for s in devices[notice.user_id] if s.origin not in paused]
        if not reachable:
            waiting += 1
            continue
        found.append((notice, people[notice.user_id], reachable))
    return found, waiting


def run(now: datetime) -> dict:
    """Claim (committed before anything is sent) and send the notices due; the caller commits the rest."""
    paused = delivery.paused_origins()
    found, waiting = due(now, paused)
    won = claims.claim(MentoringNoticeClaim, KEY, {notice.key for notice, _, _ in found})
    counts = {"due": len(found), "claimed": len(won), "waiting": waiting, "sent": 0, "released": 0}
    results, settled = delivery.send_claimed(
        [
            (notice, delivery.messages_for(reachable, payload(notice, user), topic=_topic(notice)))
            for notice, user, reachable in found
            if notice.key in won
        ],
        paused,
    )
    for result, number in results.items():
        counts[result] = counts.get(result, 0) + number
    for notice, delivered, retryable in settled:
        if delivered:
            counts["sent"] += 1
            db.session.execute(update(MentoringNoticeClaim).where(*_where(notice.key)).values(delivered=delivered))
        elif retryable:
            db.session.execute(delete(MentoringNoticeClaim).where(*_where(notice.key)))
            counts["released"] += 1
    return counts


def forget(user_id: int) -> None:
    """A person's claims go with their account."""
    db.session.execute(delete(MentoringNoticeClaim).where(MentoringNoticeClaim.user_id == user_id))
