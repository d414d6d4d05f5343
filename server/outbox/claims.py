"""Claiming outgoing messages: each is handed to exactly one worker at a time, across processes
and hosts, with a lease so that a worker that died lets go by itself.

One statement does it: `UPDATE … SET state='sending', lease_until=… WHERE id IN (SELECT … LIMIT n)
RETURNING …`. On PostgreSQL the inner SELECT takes `FOR UPDATE SKIP LOCKED`, so concurrent workers
each get other rows and never wait on one another; on SQLite a write statement holds the database's
one write lock from its first step, so the select inside it reads what every other writer committed
and no two workers can pick the same row.
"""

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select, update

from ..database import is_postgres
from ..extensions import db
from .models import OutboxMessage as M


@dataclass(frozen=True)
class Pending:
    """A claimed message as a sender sees it."""

    id: int
    kind: str
    target: str
    payload: dict
    attempts: int  # this one included
    idempotency_key: str
    organisation_id: int | None
    created_at: datetime


def due(now: datetime):
    """Waiting and due, or claimed by a worker whose lease ran out."""
    return or_(
        and_(M.state == "queued", M.next_attempt_at <= now),
        and_(M.state == "sending", M.lease_until < now),
    )


def claim(kind: str, *, now: datetime, lease: timedelta, limit: int, ids=None) -> tuple[str, list[Pending]]:
    """Claim up to `limit` due messages of `kind` (only those of `ids` when given) for this worker;
    returns the claim's token (settling checks it) and the messages. The caller commits."""
    token = secrets.token_hex(16)
    chosen = select(M.id).where(M.kind == kind, due(now))
    if ids is not None:
        chosen = chosen.where(M.id.in_(list(ids)))
    chosen = chosen.order_by(M.next_attempt_at, M.id).limit(limit)
    if is_postgres():
        chosen = chosen.with_for_update(skip_locked=True)
    statement = (
        update(M)
        .where(M.id.in_(chosen), due(now))
        .values(state="sending", attempts=M.attempts + 1, lease_until=now + lease, claim_token=token, updated_at=now)
        .returning(M.id, M.kind, M.target, M.payload, M.attempts, M.idempotency_key, M.organisation_id, M.created_at)
    )
    rows = db.session.execute(statement, execution_options={"synchronize_session": False}).all()
    return token, sorted((Pending(*row) for row in rows), key=lambda p: p.id)
