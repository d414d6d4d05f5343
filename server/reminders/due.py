"""Which reminders are due now, and claiming them so that each goes out at most once.

A reminder is due when the person's local time has passed their weekday and time this week (or a
snooze time), they have a device subscribed, and the week is neither away nor already met.
Claims are rows in `reminder_claims` with a unique (user, week, kind): every worker inserts with
ON CONFLICT DO NOTHING, and only the rows it actually inserted are its to send.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select

from .. import public_holidays
from ..accounts import service as accounts
from ..clock import as_utc, iso_week_label, zone
from ..extensions import db
from . import claims
from .models import PushSubscription, ReminderClaim, ReminderPreference


@dataclass
class Due:
    user_id: int
    kind: str  # weekly | snooze
    week: str  # "2026-W48"
    local_today: date


def scheduled_this_week(preference: ReminderPreference, local_now: datetime, country: str | None = None) -> datetime:
    """The person's weekday and time this week; on a public holiday, the working day before."""
    monday = local_now.date() - timedelta(days=local_now.weekday())
    day = public_holidays.working_day_before(country, monday + timedelta(days=preference.weekday - 1))
    return datetime.combine(day, preference.time, tzinfo=local_now.tzinfo)


def due_reminders(now: datetime) -> tuple[list[Due], dict]:
    """Reminders due at `now` and not yet claimed, with the people they are for (id -> User)."""
    preferences = db.session.scalars(
        select(ReminderPreference).where(
            ReminderPreference.enabled.is_(True), ReminderPreference.user_id.in_(select(PushSubscription.user_id))
        )
    ).all()
    users = {i: u for i, u in accounts.users_by_id([p.user_id for p in preferences]).items() if u.is_active}
    countries = {
        organisation_id: accounts.get_organisation(organisation_id).holiday_country
        for organisation_id in {u.organisation_id for u in users.values()}
    }
    candidates = []
    for preference in preferences:
        if preference.user_id not in users:
            continue
        user = users[preference.user_id]
        local_now = now.astimezone(zone(user.timezone))
        if local_now >= scheduled_this_week(preference, local_now, countries[user.organisation_id]):
            candidates.append(Due(preference.user_id, "weekly", iso_week_label(local_now.date()), local_now.date()))
        snoozed = as_utc(preference.snoozed_until)
        if snoozed and snoozed <= now < snoozed + timedelta(days=1):
            snooze_day = snoozed.astimezone(local_now.tzinfo).date()
            candidates.append(Due(preference.user_id, "snooze", iso_week_label(snooze_day), local_now.date()))
    claimed = claimed_keys(candidates)
    return [c for c in candidates if (c.user_id, c.week, c.kind) not in claimed], users


KEY = ("user_id", "week", "kind")


def claimed_keys(candidates: list[Due]) -> set[tuple[int, str, str]]:
    return claims.claimed(ReminderClaim, KEY, {(c.user_id, c.week, c.kind) for c in candidates})


def claim(reminders: list[Due]) -> list[Due]:
    """Claim these reminders (see `claims.claim`, which commits); returns those this worker won."""
    by_key = {(r.user_id, r.week, r.kind): r for r in reminders}
    return [by_key[key] for key in sorted(claims.claim(ReminderClaim, KEY, by_key))]


def release(reminder: Due) -> None:
    """Give a claim back when nothing could have reached any device, so a later run tries again."""
    db.session.execute(
        ReminderClaim.__table__.delete().where(
            ReminderClaim.user_id == reminder.user_id,
            ReminderClaim.week == reminder.week,
            ReminderClaim.kind == reminder.kind,
        )
    )


def record_delivered(reminder: Due, count: int) -> None:
    db.session.execute(
        ReminderClaim.__table__.update()
        .where(
            ReminderClaim.user_id == reminder.user_id,
            ReminderClaim.week == reminder.week,
            ReminderClaim.kind == reminder.kind,
        )
        .values(delivered=count)
    )
