"""The weekly reminder's run: pick who is due, say it for push and for e-mail, and hand both to the
one claim → send → settle loop (`notices.deliver`)."""

import logging
from datetime import datetime
from urllib.parse import urlencode

from .. import push
from ..bank import service as bank
from ..log import service as log_service
from . import channels, delivery, due, messages, notices

log = logging.getLogger(__name__)
LOG_MINUTES = 15  # what "log it" fills in when there is no suggestion with a length


def week_summary(user, today):
    return log_service.week_summary(user, today)


def suggestion_for(user, minutes_left: int) -> dict | None:
    """Something from the bank that fits the minutes left, preferring what the person has not logged."""
    try:
        return bank.suggest_for(user, minutes_left, log_service.logged_resource_ids(user))
    except Exception:  # a suggestion is a nicety; never let it stop a reminder
        log.exception("no suggestion for user %s", user.id)
        return None


def reminder_body(user, reminder: due.Due, minutes_left: int, suggestion: dict | None) -> bytes | None:
    """The encoded payload; without the suggestion if that makes it too big; None if still too big."""
    for candidate in (suggestion, None) if suggestion else (None,):
        body = messages.encode(
            messages.reminder_payload(
                locale=user.locale,
                user_id=user.id,
                week=reminder.week,
                kind=reminder.kind,
                minutes_left=minutes_left,
                suggestion=candidate,
            )
        )
        if len(body) <= push.MAX_PAYLOAD:
            return body
    log.error("reminder for user %s is over %s bytes; not sent", user.id, push.MAX_PAYLOAD)
    return None


def reminder_mail(user, reminder: due.Due, minutes_left: int, suggestion: dict | None) -> notices.Mail:
    """The same reminder as an e-mail: the suggestion, a one-tap "log it" and "remind me tomorrow"."""
    short = messages.short_suggestion(suggestion)
    query = {"minutes": (short or {}).get("duration_minutes") or LOG_MINUTES}
    if short and short.get("id"):
        query["resource"] = short["id"]
    return notices.Mail(
        "reminder",
        {
            "minutes_left": minutes_left,
            "suggestion": short,
            "log_path": f"/log?{urlencode(query)}",
            "snooze_path": f"/snooze/{messages.snooze_token(user.id, reminder.week)}",
            "timezone": user.timezone,
        },
        unsubscribe=f"/unsubscribe/{messages.unsubscribe_token(user.id, channels.REMINDER)}",
    )


def run(now: datetime) -> dict:
    counts = dict.fromkeys(
        ("due", "claimed", "sent", "delivered", "mailed", "goal_met", "away", "waiting", "too_big", "released"), 0
    )
    reminders, users, preferences = due.due_reminders(now)
    paused = delivery.paused_origins()
    subscriptions = delivery.subscriptions_by_user(r.user_id for r in reminders)
    ready = []
    for reminder in reminders:
        user = users[reminder.user_id]
        way = channels.route(preferences[user.id], subscriptions.get(user.id, []), paused, channels.REMINDER)
        if way is None:
            continue
        if way.waiting:
            counts["waiting"] += 1  # every device is behind a paused push service: next run
            continue
        summary = week_summary(user, reminder.local_today)
        if summary.get("away"):
            counts["away"] += 1
            continue
        if summary.get("met"):
            counts["goal_met"] += 1
            continue
        counts["due"] += 1
        minutes_left = max(0, int(summary["remaining_minutes"]))
        suggestion = suggestion_for(user, minutes_left)
        body = reminder_body(user, reminder, minutes_left, suggestion) if way.devices else None
        if way.devices and body is None and not way.mail:
            counts["too_big"] += 1
            continue
        ready.append(
            notices.Notice(
                reminder.key,
                user,
                devices=way.devices if body else [],
                push=body,
                topic="reminder",
                mail=reminder_mail(user, reminder, minutes_left, suggestion) if way.mail else None,
            )
        )
    notices.deliver(ready, due.BOOK, "reminder", paused, counts)
    return counts
