"""Which reminders are due now.

A reminder is due when the person's local time has passed their weekday and time this week (or a
snooze time), some channel reaches them (a device, or e-mail), and the week is neither away nor
already met. Claims are rows in `reminder_claims` with a unique (user, week, kind), see `claims.Book`.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select

from .. import public_holidays
from ..accounts import service as accounts
from ..clock import as_utc, iso_week_label, zone
from ..extensions import db
from . import channels
from .claims import Book
from .models import ReminderClaim, ReminderPreference

# Weekly reminders, snoozes and digests: one per person, week and kind.
BOOK = Book(ReminderClaim, ("user_id", "week", "kind"))


@dataclass
class Due:
    user_id: int
    kind: str  # weekly | snooze | digest
    week: str  # "2026-W48"
    local_today: date

    @property
    def key(self) -> tuple[int, str, str]:
        return (self.user_id, self.week, self.kind)


def scheduled_this_week(preference: ReminderPreference, local_now: datetime, country: str | None = None) -> datetime:
    """The person's weekday and time this week; on a public holiday, the working day before."""
    monday = local_now.date() - timedelta(days=local_now.weekday())
    day = public_holidays.working_day_before(country, monday + timedelta(days=preference.weekday - 1))
    return datetime.combine(day, preference.time, tzinfo=local_now.tzinfo)


def due_reminders(now: datetime) -> tuple[list[Due], dict, dict]:
    """Reminders due at `now` and not yet claimed, with the people (id -> User) and their preferences."""
    preferences = {
        p.user_id: p
        for p in db.session.scalars(
            select(ReminderPreference).where(
                ReminderPreference.enabled.is_(True), channels.reachable_filter(channels.REMINDER)
            )
        )
    }
    users = {i: u for i, u in accounts.users_by_id(preferences).items() if u.is_active}
    countries = {
        organisation_id: accounts.get_organisation(organisation_id).holiday_country
        for organisation_id in {u.organisation_id for u in users.values()}
    }
    candidates = []
    for user_id, preference in preferences.items():
        if user_id not in users:
            continue
        user = users[user_id]
        local_now = now.astimezone(zone(user.timezone))
        if local_now >= scheduled_this_week(preference, local_now, countries[user.organisation_id]):
            candidates.append(Due(user_id, "weekly", iso_week_label(local_now.date()), local_now.date()))
        snoozed = as_utc(preference.snoozed_until)
        if snoozed and snoozed <= now < snoozed + timedelta(days=1):
            snooze_day = snoozed.astimezone(local_now.tzinfo).date()
            candidates.append(Due(user_id, "snooze", iso_week_label(snooze_day), local_now.date()))
    claimed = BOOK.claimed(c.key for c in candidates)
    return [c for c in candidates if c.key not in claimed], users, preferences
