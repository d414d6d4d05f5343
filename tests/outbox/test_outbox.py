"""Outgoing messages: stored with the change that causes them, sent once, retried with backoff,
permanent failures kept with their reason, and a dead worker's claim taken over after its lease."""

import time
from datetime import UTC, datetime, timedelta

import pytest

from server import create_app, outbox
from server.clock import as_utc
from server.extensions import db
from server.outbox import OutboxMessage
from tests.outbox.carrier import NoteCarrier
from tests.support import at_once_in

MOMENT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _write(n: int = 1, prefix: str = "m") -> list[int]:
    ids = [outbox.enqueue("note", f"to-{i}", {"n": i}, key=f"{prefix}:{i}", ref=f"thing:{i}") for i in range(n)]
    db.session.commit()
    return ids


def _row(message_id: int) -> OutboxMessage:
    db.session.expire_all()
    return db.session.get(OutboxMessage, message_id)


def test_a_message_is_stored_only_with_the_change_that_caused_it(app, notes, clock):
    clock.set(MOMENT)
    outbox.enqueue("note", "to-a", {"n": 1}, key="a")
    db.session.rollback()
    assert db.session.scalar(db.select(db.func.count(OutboxMessage.id))) == 0
    first = outbox.enqueue("note", "to-a", {"n": 1}, key="a")
    again = outbox.enqueue("note", "to-a", {"n": 2}, key="a")  # the same key: stored once
    db.session.commit()
    assert first is not None and again is None
    row = _row(first)
    assert (row.state, row.attempts, row.payload, as_utc(row.next_attempt_at)) == ("queued", 0, {"n": 1}, MOMENT)


def test_each_message_is_sent_once_and_recorded(app, notes, clock):
    clock.set(MOMENT)
    ids = _write(3)
    assert outbox.deliver() == {"sent": 3, "retried": 0, "failed": 0}
    assert notes.sent == ids and notes.opened == 1  # one transport for the whole run
    assert outbox.deliver() == {"sent": 0, "retried": 0, "failed": 0}
    assert notes.sent == ids and notes.opened == 1  # nothing due: no transport opened
    row = _row(ids[0])
    assert (row.state, row.attempts, as_utc(row.sent_at), row.lease_until) == ("sent", 1, MOMENT, None)


def test_a_refused_message_is_retried_later_with_backoff(app, notes, clock):
    clock.set(MOMENT)
    [message_id] = _write()
    notes.script(outbox.retry("421 try later"), outbox.retry("421 still busy"))
    assert outbox.deliver()["retried"] == 1
    first = _row(message_id)
    assert first.state == "queued" and first.last_error == "421 try later"
    wait = as_utc(first.next_attempt_at) - MOMENT
    assert timedelta(seconds=25) <= wait <= timedelta(seconds=35)
    assert outbox.deliver()["retried"] == 0 and notes.tried == [message_id]  # not due yet
    clock.set(as_utc(first.next_attempt_at))
    outbox.deliver()
    second = _row(message_id)
    assert second.attempts == 2 and as_utc(second.next_attempt_at) - clock.now() >= timedelta(seconds=50)
    clock.set(as_utc(second.next_attempt_at))
    assert outbox.deliver()["sent"] == 1
    assert notes.sent == [message_id] and _row(message_id).state == "sent"


def test_a_carriers_own_time_to_come_back_replaces_the_backoff(app, notes, clock):
    """A webhook's 429 or 503 says Retry-After: the message waits exactly that long, not the backoff."""
    clock.set(MOMENT)
    [message_id] = _write()
    notes.script(outbox.retry("429 slow down", after=timedelta(seconds=120)), outbox.retry("503", after=timedelta(0)))
    assert outbox.deliver()["retried"] == 1
    assert as_utc(_row(message_id).next_attempt_at) == MOMENT + timedelta(seconds=120)
    clock.set(MOMENT + timedelta(seconds=119))
    assert outbox.deliver()["retried"] == 0 and notes.tried == [message_id]
    clock.set(MOMENT + timedelta(seconds=120))
    outbox.deliver()
    # "come back at once" still waits a second: never a busy loop against a struggling carrier
    assert as_utc(_row(message_id).next_attempt_at) == MOMENT + timedelta(seconds=121)
    clock.set(MOMENT + timedelta(seconds=121))
    assert outbox.deliver()["sent"] == 1 and notes.sent == [message_id]


def test_a_permanent_failure_is_kept_with_its_reason(app, notes, clock, org):
    clock.set(MOMENT)
    message_id = outbox.enqueue("note", "x", {}, key="bad", organisation_id=org.admin.organisation_id)
    db.session.commit()
    notes.script(outbox.failed("550 5.1.1 no such mailbox"))
    assert outbox.deliver()["failed"] == 1
    clock.advance(timedelta(days=1))
    assert outbox.deliver()["sent"] == 0 and notes.tried == [message_id]
    [failure] = outbox.failures(org.admin.organisation_id, "note")
    assert (failure.id, failure.state, failure.last_error) == (message_id, "failed", "550 5.1.1 no such mailbox")
    assert outbox.failures(org.outsider_admin.organisation_id, "note") == []


def test_an_unreachable_carrier_gives_the_rest_back_untried(app, notes, clock):
    clock.set(MOMENT)
    ids = _write(4)
    notes.script(outbox.SENT, outbox.retry("connection refused", stop=True))
    counts = outbox.deliver()
    assert counts == {"sent": 1, "retried": 3, "failed": 0}
    assert notes.tried == ids[:2]
    assert [_row(i).attempts for i in ids] == [1, 1, 0, 0]  # the untried two lost no attempt
    clock.advance(timedelta(hours=2))
    assert outbox.deliver()["sent"] == 3
    assert sorted(notes.sent) == ids


def test_after_three_days_of_refusals_it_gives_up(app, notes, clock):
    clock.set(MOMENT)
    [message_id] = _write()
    notes.script(*[outbox.retry("451 greylisted")] * 200)
    while _row(message_id).state == "queued":
        clock.set(as_utc(_row(message_id).next_attempt_at))
        outbox.deliver()
    row = _row(message_id)
    assert row.state == "failed" and row.last_error == "451 greylisted"
    assert as_utc(row.updated_at) - MOMENT >= timedelta(days=3)


def test_a_dead_workers_claim_is_taken_over_after_its_lease(app, notes, clock):
    clock.set(MOMENT)
    [message_id] = _write()
    token, claimed = outbox.claims.claim("note", now=MOMENT, lease=timedelta(minutes=5), limit=10)
    db.session.commit()  # ... and the worker dies before sending
    assert [m.id for m in claimed] == [message_id]
    assert outbox.deliver()["sent"] == 0  # still leased
    clock.advance(timedelta(minutes=5, seconds=1))
    assert outbox.deliver()["sent"] == 1 and notes.sent == [message_id]
    assert _row(message_id).attempts == 2


def test_a_late_worker_does_not_overwrite_who_took_over(app, notes, clock):
    clock.set(MOMENT)
    [message_id] = _write()
    token, _ = outbox.claims.claim("note", now=MOMENT, lease=timedelta(minutes=5), limit=10)
    db.session.commit()
    clock.advance(timedelta(minutes=6))
    outbox.deliver()  # another worker sends it
    late = outbox.claims.Pending(message_id, "note", "to-0", {}, 1, "m:0", None, MOMENT)
    counts = {"sent": 0, "retried": 0, "failed": 0}
    outbox.service._settle(token, [(late, outbox.failed("timed out"))], counts)
    assert _row(message_id).state == "sent"


def test_sent_after_the_commit_without_waiting_for_a_worker(app, notes):
    outbox.start(app)
    try:
        [message_id] = _write()
        deadline = time.monotonic() + 5
        while notes.sent != [message_id] and time.monotonic() < deadline:
            time.sleep(0.02)
        assert notes.sent == [message_id]
        outbox.enqueue("note", "nobody", {}, key="rolled-back")
        db.session.rollback()
    finally:
        outbox.stop(app)
    assert notes.tried == [message_id]


@pytest.mark.parametrize("workers", [3])
def test_racing_workers_send_each_message_exactly_once(app_config, notes, workers):
    ids = _write(120, prefix="race")
    shared = NoteCarrier()
    apps = [create_app(app_config) for _ in range(workers)]
    for worker_app in apps:
        outbox.register_sender(worker_app, "note", shared.open)
    at_once_in(apps, outbox.deliver)
    assert sorted(shared.sent) == ids
    db.session.expire_all()
    states = db.session.scalars(db.select(OutboxMessage.state)).all()
    assert states == ["sent"] * len(ids)
