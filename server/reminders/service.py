"""Reminder rules: subscriptions, preferences, snooze, test pushes and `send_due`.

Functions flush; the request commits, and a reminder run (`send_due`) commits as its own unit of work.
"""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from flask import Flask, current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from .. import mail, push
from ..accounts import service as accounts
from ..clock import as_utc, iso, utcnow, zone
from ..errors import RuleError
from ..extensions import db
from . import channels, delivery, digest, dispatch, mentoring_notices, messages, session_claims, session_reminders
from .models import SETTINGS, PushSubscription, ReminderClaim, ReminderPreference


# -- subscriptions ------------------------------------------------------------------------------
def subscribe(user, endpoint: str, keys: dict, user_agent: str | None) -> tuple[PushSubscription, bool]:
    """Store the browser's subscription; turns reminders on the first time.

    An endpoint already stored for someone else moves to this person only from the same browser
    (the same keys: two colleagues sharing one phone) within the same organisation. Anyone else
    who learned the endpoint cannot take another person's notifications, least of all across
    organisations."""
    subscription = db.session.scalar(select(PushSubscription).where(PushSubscription.endpoint == endpoint))
    created = subscription is None
    if created:
        subscription = PushSubscription(endpoint=endpoint, origin=push.origin_of(endpoint))
        db.session.add(subscription)
    elif subscription.user_id != user.id:
        owner = accounts.users_by_id([subscription.user_id]).get(subscription.user_id)
        same_browser = (subscription.p256dh, subscription.auth) == (keys["p256dh"], keys["auth"])
        if owner is None or owner.organisation_id != user.organisation_id or not same_browser:
            raise RuleError("endpoint", _l("This push subscription belongs to another browser or account."), 409)
    subscription.user_id = user.id
    subscription.p256dh, subscription.auth = keys["p256dh"], keys["auth"]
    subscription.user_agent = (user_agent or "")[:400] or None
    subscription.failure_count = 0
    if db.session.get(ReminderPreference, user.id) is None:
        db.session.add(ReminderPreference(user_id=user.id, **SETTINGS))
    db.session.flush()
    return subscription, created


def unsubscribe(user, endpoint: str) -> bool:
    result = db.session.execute(
        delete(PushSubscription).where(PushSubscription.endpoint == endpoint, PushSubscription.user_id == user.id)
    )
    return bool(result.rowcount)


def end_subscriptions(user) -> None:
    """The person's access ended (deactivated, deleted): no device of theirs hears from us again."""
    db.session.execute(delete(PushSubscription).where(PushSubscription.user_id == user.id))


def subscriptions_of(user_id: int) -> list[PushSubscription]:
    return list(
        db.session.scalars(
            select(PushSubscription).where(PushSubscription.user_id == user_id).order_by(PushSubscription.id)
        )
    )


# -- preferences and snooze ---------------------------------------------------------------------
def preferences(user) -> dict:
    """The person's settings (`SETTINGS`; off until they turn them on), their snooze and their zone."""
    row = db.session.get(ReminderPreference, user.id)
    settings = {name: getattr(row, name) for name in SETTINGS} if row else {**SETTINGS, "enabled": False}
    return {
        **settings,
        "time": settings["time"].strftime("%H:%M"),
        "snoozed_until": as_utc(row.snoozed_until) if row else None,
        "timezone": user.timezone,
        "reminder_emails": not channels.mail_stopped(row, channels.REMINDER),
        "digest_emails": not channels.mail_stopped(row, channels.DIGEST),
        "email_available": mail.enabled(),
        "push_devices": len(subscriptions_of(user.id)),
    }


def _row(user) -> ReminderPreference:
    row = db.session.get(ReminderPreference, user.id)
    if row is None:
        row = ReminderPreference(user_id=user.id, **SETTINGS)
        db.session.add(row)
    return row


def update_preferences(user, changes: dict) -> dict:
    row = _row(user)
    for name in SETTINGS:
        if name in changes:
            setattr(row, name, changes[name])
    for name, column in (("reminder_emails", "reminder_mail_stopped_at"), ("digest_emails", "digest_mail_stopped_at")):
        if name in changes:
            setattr(row, column, None if changes[name] else (getattr(row, column) or utcnow()))
    db.session.flush()
    return preferences(user)


# -- one-click unsubscribe (RFC 8058) -----------------------------------------------------------
def _unsubscribing(token: str):
    """(person, kind of e-mail) behind an unsubscribe link, or None when it is not genuine or the
    account is gone."""
    data = messages.read_unsubscribe_token(token)
    user = accounts.users_by_id([data["u"]]).get(data["u"]) if data else None
    return (user, data["k"]) if user is not None and user.deleted_at is None else None


def set_mail_wanted(token: str, wanted: bool) -> tuple[object, str, bool] | None:
    """Turn the link's kind of e-mail off (or on again): (person, kind, whether it comes now)."""
    found = _unsubscribing(token)
    if found is None:
        return None
    update_preferences(found[0], {f"{found[1]}_emails": wanted})
    return (*found, wanted)


def mail_wanted(token: str) -> tuple[object, str, bool] | None:
    found = _unsubscribing(token)
    return (*found, preferences(found[0])[f"{found[1]}_emails"]) if found else None


def snooze(user, now: datetime | None = None) -> datetime:
    """Remind again tomorrow at the person's reminder time (once)."""
    now = now or utcnow()
    row = _row(user)
    tz = zone(user.timezone)
    tomorrow = now.astimezone(tz).date() + timedelta(days=1)
    row.snoozed_until = datetime.combine(tomorrow, row.time, tzinfo=tz).astimezone(UTC)
    db.session.flush()
    return row.snoozed_until


def local_time(user, moment: datetime) -> str:
    return moment.astimezone(zone(user.timezone)).strftime("%H:%M")


def snooze_target(token: str):
    """The person a snooze link (from a push or an e-mail, two days valid) is for, or None."""
    data = messages.read_snooze_token(token)
    user = accounts.users_by_id([data["u"]]).get(data["u"]) if data else None
    return user if user is not None and user.is_active else None


def snooze_with_token(token: str, now: datetime | None = None) -> datetime:
    """Snooze for whoever the notification's signed token names; a 422 on `token` when it is not one."""
    user = snooze_target(token)
    if user is None:
        raise RuleError("token", _l("Invalid or expired snooze token."))
    return snooze(user, now)


# -- sending ------------------------------------------------------------------------------------
def send_test(user) -> dict:
    """A notification to each of the person's devices right now (Urgency high)."""
    subscriptions = subscriptions_of(user.id)
    payload = messages.encode(messages.test_payload(locale=user.locale))
    outcomes = push.send(
        delivery.messages_for(subscriptions, payload, urgency="high", topic="test", ttl=600), delivery.paused_origins()
    )
    counts = delivery.apply_outcomes(outcomes)
    return {
        "subscriptions": len(subscriptions),
        "delivered": counts.get("delivered", 0),
        "removed": counts.get("gone", 0),
        "failed": sum(n for result, n in counts.items() if result not in ("delivered", "gone")),
    }


RunPart = Callable[[datetime], dict]  # (now) -> counts; claims its notices once across workers, commits


def register_run_part(app: Flask, name: str, run: RunPart) -> None:
    """A feature above reminders adds its own periodic notices to every reminder run (`flask reminders
    send-due`, the worker): channels post the Monday shelf. Its counts appear under `name`."""
    app.extensions.setdefault("reminders.run_parts", {})[name] = run


def send_due(now: datetime) -> dict:
    """Send every reminder due at `now` that no worker has claimed yet. Returns counts.

    A run is a worker's unit of work, as a request is the web's: it commits what it recorded."""
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    pruned = delivery.prune_silent_subscriptions()
    db.session.commit()
    counts = dispatch.run(now)
    counts.update(digest.run(now))
    db.session.commit()
    counts["sessions"] = session_reminders.run(now)  # knowledge sessions: the day before, cancellations
    db.session.commit()
    counts["mentoring"] = mentoring_notices.run(now)  # requests, answers, idle pairings
    db.session.commit()
    for name, run in current_app.extensions.get("reminders.run_parts", {}).items():
        counts[name] = run(now)
        db.session.commit()
    counts["pruned"] = pruned
    return counts


# -- personal data ------------------------------------------------------------------------------
def export_personal_data(user) -> dict:
    return {
        "preferences": {k: (iso(v) if isinstance(v, datetime) else v) for k, v in preferences(user).items()},
        "subscriptions": [
            {
                "endpoint": s.endpoint,
                "user_agent": s.user_agent,
                "created_at": iso(s.created_at),
                "last_success_at": iso(s.last_success_at),
            }
            for s in subscriptions_of(user.id)
        ],
    }


def erase_personal_data(user) -> None:
    for model in (PushSubscription, ReminderClaim, ReminderPreference):
        db.session.execute(delete(model).where(model.user_id == user.id))
    session_claims.BOOK.forget(user.id)
    mentoring_notices.forget(user.id)
