"""Outgoing messages: write them in the transaction of the change that causes them (`enqueue`),
send them after the commit and retry them with backoff until they are accepted (`deliver`), each
by one worker at a time.

Carriers plug in by kind (`register_sender`): a sender opens a transport (one connection for a
whole run) whose `send(message)` answers a `Result`; the outbox does the rest (claims, leases,
backoff, giving up, keeping permanent failures with their reason). The mail kind is registered by
`server.mail`; chat posts register the `channel` kind the same way.
"""

import logging
import random
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import Flask, current_app
from sqlalchemy import delete, exists, func, select, update

from ..clock import as_utc, utcnow
from ..database import insert
from ..extensions import db
from .claims import Pending, claim, due
from .models import OutboxMessage as M

log = logging.getLogger(__name__)
NEW_IDS = "outbox.new_ids"  # session.info: ids written in the open transaction, handed on after commit
BATCH = 100
# Sent and settled this many at a time: a worker that dies after sending re-sends at most this many
# once its lease ends.
SETTLE_EVERY = 20
ERROR_LENGTH = 1000
MIN_WAIT = timedelta(seconds=1)  # a carrier's "come back in 0 seconds" must not make a busy loop


@dataclass(frozen=True)
class Result:
    """What a sender made of one message: `sent`, `retry` (try again later) or `failed` (never will
    work: kept with its reason). `stop`: the carrier itself is unreachable, so the rest of this batch
    is given back untried. `after`: the carrier said when to come back (HTTP's Retry-After), which
    then replaces the backoff."""

    state: str
    error: str | None = None
    stop: bool = False
    after: timedelta | None = None


SENT = Result("sent")


def retry(error: str, *, stop: bool = False, after: timedelta | None = None) -> Result:
    """Try again later: after the backoff, or not before `after` when the carrier said so."""
    return Result("retry", error[:ERROR_LENGTH], stop, after)


def failed(error: str) -> Result:
    return Result("failed", error[:ERROR_LENGTH])


class Transport(AbstractContextManager):
    """A sender's connection for one run. The outbox hands it the claimed messages a few at a time
    (`send_many`, which by default calls `send` for each); a transport may override `send_many` to
    prepare a handful before talking to its carrier."""

    def send(self, message: Pending) -> Result:  # pragma: no cover - the protocol
        raise NotImplementedError

    def send_many(self, messages: list[Pending]) -> list[Result]:
        results: list[Result] = []
        stopped = None
        for message in messages:
            result = untried(stopped) if stopped else attempt(lambda m=message: self.send(m), message)
            stopped = stopped or (result if result.stop else None)
            results.append(result)
        return results


def untried(stopped: Result) -> Result:
    """Given back without a try, after the carrier turned out unreachable."""
    return Result("untried", stopped.error)


def attempt(send: Callable[[], Result], message: Pending) -> Result:
    try:
        return send()
    except Exception as error:  # a bug in rendering one message must not hold up the others
        log.exception("outbox message %s could not be sent", message.id)
        return failed(f"{type(error).__name__}: {error}")


Opener = Callable[[Flask], Transport | None]  # None: this kind is not set up here, leave its messages


def register_sender(app: Flask, kind: str, opener: Opener) -> None:
    app.extensions.setdefault("outbox.senders", {})[kind] = opener


def _setting(name: str, default: float) -> float:
    return float(current_app.config.get(name) or default)


# -- writing ------------------------------------------------------------------------------------
def enqueue(
    kind: str,
    target: str,
    payload: dict,
    *,
    key: str,
    ref: str | None = None,
    organisation_id: int | None = None,
    not_before: datetime | None = None,
) -> int | None:
    """Store a message in the current transaction; the id, or None when `key` was stored already.
    It goes out once the transaction commits (the web process hands it to its sender thread)."""
    now = utcnow()
    statement = (
        insert(M)
        .values(
            kind=kind,
            target=target,
            payload=payload,
            idempotency_key=key[:200],
            ref=ref,
            organisation_id=organisation_id,
            state="queued",
            attempts=0,
            next_attempt_at=not_before or now,
            created_at=now,
            updated_at=now,
        )
        .on_conflict_do_nothing(index_elements=[M.idempotency_key])
        .returning(M.id)
    )
    new_id = db.session.execute(statement).scalar()
    if new_id is not None:
        db.session.info.setdefault(NEW_IDS, []).append(new_id)
    return new_id


# -- sending ------------------------------------------------------------------------------------
def backoff(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min, … up to an hour (OUTBOX_RETRY_SECONDS, OUTBOX_RETRY_CAP_SECONDS), with a
    little jitter so that many messages held up together do not return together."""
    base, cap = _setting("OUTBOX_RETRY_SECONDS", 30), _setting("OUTBOX_RETRY_CAP_SECONDS", 3600)
    return timedelta(seconds=min(cap, base * 2 ** max(0, attempts - 1)) * random.uniform(0.9, 1.1))


def deliver(ids=None) -> dict[str, int]:
    """Send what is due (only `ids` when given), kind by kind, each kind over one transport. A run
    is a worker's unit of work: it commits its claims and what became of each message."""
    counts = {"sent": 0, "retried": 0, "failed": 0}
    app = current_app._get_current_object()
    carriers = 0
    for kind, opener in app.extensions.get("outbox.senders", {}).items():
        transport = opener(app)  # None: this carrier is not set up here (no query, nothing claimed)
        if transport is None:
            continue
        carriers += 1
        if _anything_due(kind, ids):
            with transport:
                _deliver_kind(kind, transport, ids, counts)
    if ids is None and carriers:
        _forget_old()
    db.session.commit()
    return counts


def _anything_due(kind: str, ids) -> bool:
    """A read before any write: most runs find nothing to do."""
    query = select(M.id).where(M.kind == kind, due(utcnow()))
    if ids is not None:
        query = query.where(M.id.in_(list(ids)))
    return bool(db.session.scalar(select(exists(query))))


def _deliver_kind(kind: str, transport: Transport, ids, counts: dict) -> None:
    lease = timedelta(seconds=_setting("OUTBOX_LEASE_SECONDS", 300))
    while True:
        token, batch = claim(kind, now=utcnow(), lease=lease, limit=len(ids) if ids else BATCH, ids=ids)
        db.session.commit()
        if not batch:
            return
        stopped = None
        for start in range(0, len(batch), SETTLE_EVERY):
            chunk = batch[start : start + SETTLE_EVERY]
            results = [untried(stopped) for _ in chunk] if stopped else transport.send_many(chunk)
            stopped = stopped or next((r for r in results if r.stop), None)
            _settle(token, list(zip(chunk, results, strict=True)), counts)
        if stopped is not None or ids is not None:
            return


def _settle(token: str, done: list[tuple[Pending, Result]], counts: dict) -> None:
    """Record what became of each message (only while this worker's claim still holds), and commit."""
    now = utcnow()
    mine = (M.claim_token == token, M.state == "sending")
    sent = [m.id for m, r in done if r.state == "sent"]
    if sent:
        db.session.execute(
            update(M)
            .where(M.id.in_(sent), *mine)
            .values(state="sent", sent_at=now, updated_at=now, lease_until=None, last_error=None)
        )
        counts["sent"] += len(sent)
    give_up = timedelta(seconds=_setting("OUTBOX_GIVE_UP_SECONDS", 3 * 24 * 3600))
    for message, result in done:
        if result.state == "sent":
            continue
        values = {"updated_at": now, "lease_until": None, "last_error": result.error}
        if result.state == "failed" or as_utc(message.created_at) + give_up <= now:
            values["state"] = "failed"
            counts["failed"] += 1
            log.warning("outbox message %s (%s) failed: %s", message.id, message.kind, result.error)
        else:
            wait = max(result.after, MIN_WAIT) if result.after is not None else backoff(message.attempts)
            values |= {"state": "queued", "next_attempt_at": now + wait}
            if result.state == "untried":  # given back without a try: the attempt does not count
                values["attempts"] = M.attempts - 1
            counts["retried"] += 1
        db.session.execute(update(M).where(M.id == message.id, *mine).values(**values))
    db.session.commit()


def _forget_old() -> None:
    """Sent messages are kept a while (OUTBOX_KEEP_DAYS, default 30) for the record, then go."""
    cutoff = utcnow() - timedelta(days=_setting("OUTBOX_KEEP_DAYS", 30))
    db.session.execute(delete(M).where(M.state.in_(("sent", "cancelled")), M.updated_at < cutoff))


# -- reading ------------------------------------------------------------------------------------
def latest_by_ref(refs) -> dict[str, M]:
    """The newest message of each of `refs` (e.g. each invitation's last mail)."""
    wanted = sorted(set(refs))
    if not wanted:
        return {}
    newest = select(func.max(M.id)).where(M.ref.in_(wanted)).group_by(M.ref)
    return {m.ref: m for m in db.session.scalars(select(M).where(M.id.in_(newest)))}


def failures(organisation_id: int, kind: str, limit: int = 50) -> list[M]:
    """Messages that will never go out, newest first, with their reason."""
    return list(
        db.session.scalars(
            select(M)
            .where(M.organisation_id == organisation_id, M.kind == kind, M.state == "failed")
            .order_by(M.updated_at.desc(), M.id.desc())
            .limit(limit)
        )
    )


def waiting(organisation_id: int, kind: str) -> int:
    return db.session.scalar(
        select(func.count(M.id)).where(
            M.organisation_id == organisation_id, M.kind == kind, M.state.in_(("queued", "sending"))
        )
    )


def message(message_id: int) -> M | None:
    return db.session.get(M, message_id)


def cancel(ref: str) -> None:
    """Messages about `ref` that have not gone yet will not go (e.g. a withdrawn invitation's)."""
    db.session.execute(
        update(M).where(M.ref == ref, M.state == "queued").values(state="cancelled", updated_at=utcnow())
    )


def to_target(kind: str, target: str) -> list[M]:
    """What was written to go to `target` (a person's address), oldest first, for their data export."""
    return list(db.session.scalars(select(M).where(M.kind == kind, M.target == target).order_by(M.id)))


def forget_target(target: str) -> None:
    """Everything addressed to `target` (a person's address, when their account is deleted)."""
    db.session.execute(delete(M).where(M.target == target))
