"""Which reminders are due now, and claiming them so that each goes out at most once.

A reminder is due when the person's local time has passed their weekday and time this week (or a
snooze time), they have a device subscribed, and the week is neither away nor already met.
Claims are rows in `reminder_claims` with a unique (user, week, kind): every worker inserts with
ON CONFLICT DO NOTHING, and only the rows it actually inserted are its to send.
"""
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select, tuple_

from ..accounts import service as accounts
from ..clock import as_utc, iso_week_label, utcnow, zone
from ..database import insert
from ..extensions import db
from .models import PushSubscription, ReminderClaim, ReminderPreference

CLAIM_BATCH = 500


@dataclass
class Due:
    user_id: int
    kind: str         # weekly | snooze
    week: str         # "2026-W48"
    local_today: date


def scheduled_this_week(preference: ReminderPreference, local_now: datetime) -> datetime:
    monday = local_now.date() - timedelta(days=local_now.weekday())
    day = monday + timedelta(days=preference.weekday - 1)
    return datetime.combine(day, preference.time, tzinfo=local_now.tzinfo)


def due_reminders(now: datetime) -> tuple[list[Due], dict]:
    """Reminders due at `now` and not yet claimed, with the people they are for (id -> User)."""
    preferences = db.session.scalars(select(ReminderPreference).where(
        ReminderPreference.enabled.is_(True),
        ReminderPreference.user_id.in_(select(PushSubscription.user_id)))).all()
    users = {i: u for i, u in accounts.users_by_id([p.user_id for p in preferences]).items() if u.is_active}
    candidates = []
    for preference in preferences:
        if preference.user_id not in users:
            continue
        local_now = now.astimezone(zone(users[preference.user_id].timezone))
        if local_now >= scheduled_this_week(preference, local_now):
            candidates.append(Due(preference.user_id, "weekly", iso_week_label(local_now.date()), local_now.date()))
        snoozed = as_utc(preference.snoozed_until)
        if snoozed and snoozed <= now < snoozed + timedelta(days=1):
            snooze_day = snoozed.astimezone(local_now.tzinfo).date()
            candidates.append(Due(preference.user_id, "snooze", iso_week_label(snooze_day), local_now.date()))
    claimed = claimed_keys(candidates)
    return [c for c in candidates if (c.user_id, c.week, c.kind) not in claimed], users


def claimed_keys(candidates: list[Due]) -> set[tuple[int, str, str]]:
    keys = {(c.user_id, c.week, c.kind) for c in candidates}
    found: set[tuple[int, str, str]] = set()
    listed = sorted(keys)
    for start in range(0, len(listed), CLAIM_BATCH):
        chunk = listed[start:start + CLAIM_BATCH]
        key = tuple_(ReminderClaim.user_id, ReminderClaim.week, ReminderClaim.kind)
        rows = db.session.execute(select(ReminderClaim.user_id, ReminderClaim.week, ReminderClaim.kind)
                                  .where(key.in_(chunk)))
        found.update(tuple(row) for row in rows)
    return found


def claim(reminders: list[Due]) -> list[Due]:
    """Insert claims for these reminders and commit; returns those this worker won.

    The one place a service commits: a claim must be visible to every other worker before anything
    is sent, so each batch of claims is its own transaction. Rows go in sorted order so that
    concurrent workers never wait on each other in a cycle."""
    won: list[Due] = []
    by_key = {(r.user_id, r.week, r.kind): r for r in reminders}
    listed = sorted(by_key)
    for start in range(0, len(listed), CLAIM_BATCH):
        rows = [{"user_id": u, "week": w, "kind": k, "claimed_at": utcnow(), "delivered": 0}
                for u, w, k in listed[start:start + CLAIM_BATCH]]
        statement = insert(ReminderClaim).values(rows).on_conflict_do_nothing(
            index_elements=["user_id", "week", "kind"]).returning(
            ReminderClaim.user_id, ReminderClaim.week, ReminderClaim.kind)
        inserted = db.session.execute(statement).all()
        db.session.commit()
        won.extend(by_key[tuple(key)] for key in inserted)
    return won


def release(reminder: Due) -> None:
    """Give a claim back when nothing could have reached any device, so a later run tries again."""
    db.session.execute(ReminderClaim.__table__.delete().where(
        ReminderClaim.user_id == reminder.user_id, ReminderClaim.week == reminder.week,
        ReminderClaim.kind == reminder.kind))


def record_delivered(reminder: Due, count: int) -> None:
    db.session.execute(ReminderClaim.__table__.update().where(
        ReminderClaim.user_id == reminder.user_id, ReminderClaim.week == reminder.week,
        ReminderClaim.kind == reminder.kind).values(delivered=count))
