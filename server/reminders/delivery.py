"""From subscriptions to push messages and back: paused push services, and what each push
service's answer means for the subscription."""

from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, update

from .. import push
from ..clock import utcnow
from ..database import insert
from ..extensions import db
from ..push import Message, Outcome
from .models import PushServicePause, PushSubscription

PRUNE_AFTER = timedelta(days=60)
RETRYABLE = {"paused", "deferred", "failed"}


def paused_origins(now: datetime | None = None) -> set[str]:
    now = now or utcnow()
    return set(db.session.scalars(select(PushServicePause.origin).where(PushServicePause.paused_until > now)))


def pause(origin: str, seconds: float, reason: str) -> None:
    """Pause an origin until now + seconds (never shortening a longer pause another worker set)."""
    until = utcnow() + timedelta(seconds=max(1.0, seconds))
    statement = insert(PushServicePause).values(origin=origin, paused_until=until, reason=reason)
    db.session.execute(
        statement.on_conflict_do_update(
            index_elements=[PushServicePause.origin],
            set_={"paused_until": statement.excluded.paused_until, "reason": statement.excluded.reason},
            where=PushServicePause.paused_until < statement.excluded.paused_until,
        )
    )


def subscriptions_by_user(user_ids) -> dict[int, list[PushSubscription]]:
    """Everyone's devices in a few queries (ids in chunks well inside the databases' parameter limits)."""
    found: dict[int, list[PushSubscription]] = {}
    ids = sorted(set(user_ids))
    for start in range(0, len(ids), 1000):
        for subscription in db.session.scalars(
            select(PushSubscription).where(PushSubscription.user_id.in_(ids[start : start + 1000]))
        ):
            found.setdefault(subscription.user_id, []).append(subscription)
    return found


def messages_for(subscriptions, payload: bytes, *, urgency="normal", topic="reminder", ttl=None):
    return [
        Message(
            endpoint=s.endpoint,
            p256dh=s.p256dh,
            auth=s.auth,
            payload=payload,
            ref=s.id,
            urgency=urgency,
            topic=topic,
            ttl=ttl,
        )
        for s in subscriptions
    ]


def send_claimed(batches, paused: set[str]) -> tuple[dict[str, int], list]:
    """Send each claim's messages (`batches`: (claim, messages) pairs; a claim is a reminder, digest
    or session notice) and record what the push services said; the caller commits. Returns counts by
    result, and each claim whose messages were tried with how many reached a device and whether
    every attempt may simply be tried again (so its claim can be released)."""
    owner, outgoing = {}, []
    for claim, messages in batches:
        for message in messages:
            owner[id(message)] = claim
            outgoing.append(message)
    outcomes = push.send(outgoing, paused)
    grouped: dict[int, tuple[object, list[Outcome]]] = {}
    for outcome in outcomes:
        claim = owner[id(outcome.message)]
        grouped.setdefault(id(claim), (claim, []))[1].append(outcome)
    settled = []
    for claim, found in grouped.values():
        delivered = sum(o.result == "delivered" for o in found)
        retryable = not delivered and all(o.result in RETRYABLE and not o.uncertain for o in found)
        settled.append((claim, delivered, retryable))
    return apply_outcomes(outcomes), settled


def apply_outcomes(outcomes: list[Outcome]) -> dict[str, int]:
    """Record what the push services said; the caller commits. Returns counts by result."""
    counts: dict[str, int] = {}
    now = utcnow()
    for outcome in outcomes:
        counts[outcome.result] = counts.get(outcome.result, 0) + 1
        subscription_id = outcome.message.ref
        if outcome.result == "delivered":
            db.session.execute(
                update(PushSubscription)
                .where(PushSubscription.id == subscription_id)
                .values(last_success_at=now, failure_count=0)
            )
        elif outcome.result in ("gone", "invalid"):  # the service forgot it, or it can never be reached
            db.session.execute(delete(PushSubscription).where(PushSubscription.id == subscription_id))
        elif outcome.result in ("failed", "rejected"):
            db.session.execute(
                update(PushSubscription)
                .where(PushSubscription.id == subscription_id)
                .values(failure_count=PushSubscription.failure_count + 1)
            )
        if outcome.result == "paused" or (outcome.result == "deferred" and outcome.retry_after):
            pause(
                outcome.message.origin,
                outcome.retry_after or 60,
                "retry-after" if outcome.result == "paused" else "not answering",
            )
    return counts


def prune_silent_subscriptions(now: datetime | None = None) -> int:
    """Subscriptions with no successful push for 60 days belong to browsers long gone."""
    cutoff = (now or utcnow()) - PRUNE_AFTER
    last_heard = func.coalesce(PushSubscription.last_success_at, PushSubscription.created_at)
    result = db.session.execute(delete(PushSubscription).where(last_heard < cutoff))
    return result.rowcount or 0
