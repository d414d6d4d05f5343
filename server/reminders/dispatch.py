"""One run of `send_due`: pick the due reminders, write them, claim them, push them, record results."""

import logging
from datetime import datetime

from .. import push
from ..bank import service as bank
from ..log import service as log_service
from . import delivery, due, messages

log = logging.getLogger(__name__)


def week_summary(user, today):
    return log_service.week_summary(user, today)


def suggestion_for(user, minutes_left: int) -> dict | None:
    """Something from the bank that fits the minutes left, preferring what the person has not logged."""
    try:
        return bank.suggest_for(user, minutes_left, log_service.logged_resource_ids(user))
    except Exception:  # a suggestion is a nicety; never let it stop a reminder
        log.exception("no suggestion for user %s", user.id)
        return None


def reminder_body(user, reminder: due.Due, minutes_left: int) -> bytes | None:
    """The encoded payload; without the suggestion if that makes it too big; None if still too big."""
    suggestion = suggestion_for(user, minutes_left)
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


def run(now: datetime) -> dict:
    counts = {
        "due": 0,
        "claimed": 0,
        "sent": 0,
        "delivered": 0,
        "goal_met": 0,
        "away": 0,
        "waiting": 0,
        "too_big": 0,
        "released": 0,
    }
    reminders, users = due.due_reminders(now)
    paused = delivery.paused_origins()
    subscriptions = delivery.subscriptions_by_user(r.user_id for r in reminders)
    ready = []
    for reminder in reminders:
        user = users[reminder.user_id]
        reachable = [s for s in subscriptions.get(user.id, []) if s.origin not in paused]
        if not reachable:
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
        body = reminder_body(user, reminder, max(0, int(summary["remaining_minutes"])))
        if body is None:
            counts["too_big"] += 1
            continue
        ready.append((reminder, body, reachable))
    won = {(r.user_id, r.week, r.kind) for r in due.claim([r for r, _, _ in ready])}
    counts["claimed"] = len(won)

    results, settled = delivery.send_claimed(
        [
            (reminder, delivery.messages_for(reachable, body, topic="reminder"))
            for reminder, body, reachable in ready
            if (reminder.user_id, reminder.week, reminder.kind) in won
        ],
        paused,
    )
    for result, number in results.items():
        counts[result] = counts.get(result, 0) + number
    for reminder, delivered, retryable in settled:
        if delivered:
            counts["sent"] += 1
            due.record_delivered(reminder, delivered)
        elif retryable:
            due.release(reminder)
            counts["released"] += 1
    return counts
