"""10,000 weekly reminder e-mails rendered and handed to a loopback SMTP server by the worker, beside
a bare `smtplib` loop sending the same bytes over one kept connection, in the same run.

On a scratch PostgreSQL database (`bench_mail`, made, migrated and dropped by the benchmarks' one
scratch-database helper) with 10,000 people whose reminders go by e-mail. `reminders.send_due` picks
who is due and writes their e-mails to the outbox (timed apart: that is the reminder's own work);
then the worker's `outbox.deliver()` claims them in batches, renders each (two parts from the
templates, in the person's language) and sends it over one SMTP connection, settling as it goes. The
baseline sends those very messages' bytes, made beforehand, with `smtplib.sendmail` on one kept
connection. The SMTP server is aiosmtpd in a process of its own, accepting and discarding.

Rounds alternate worker and baseline (the outbox is put back to `queued` between them); medians of
the rates and the ratio are printed (target: worker >= 0.5 x bare), with this process's CPU time a
message, the steadier figure on a shared machine (the relay's answers wait on the same cores). Memory: the worker's peak
(tracemalloc) delivering 1,000 and 10,000 messages: flat, as one connection is reused and messages
are rendered one at a time, never all held.

    python -m bench mail      (or: python -m bench.mail [--messages 10000] [--rounds 3])
"""

import argparse
import os
import smtplib
import socket
import statistics
import subprocess
import sys
import textwrap
import time
import tracemalloc
from datetime import UTC, datetime
from datetime import time as clock_time

from sqlalchemy import insert, update

from bench.support import on_scratch_databases
from server import create_app, outbox
from server.accounts.models import Organisation, User
from server.extensions import db
from server.mail import settings_for
from server.mail.render import message_bytes
from server.outbox import OutboxMessage
from server.reminders import service as reminders
from server.reminders.models import ReminderPreference

SECRET = "bench-mail"
THURSDAY_1505 = datetime(2026, 11, 26, 14, 5, tzinfo=UTC)  # 15:05 in Stockholm, the reminders' time

SMTP_SERVER = textwrap.dedent("""
    import sys, time
    from aiosmtpd.controller import Controller
    class Sink:
        count = 0
        async def handle_DATA(self, server, session, envelope):
            Sink.count += 1
            return "250 OK"
    controller = Controller(Sink(), hostname="127.0.0.1", port=int(sys.argv[1]))
    controller.start()
    print("ready", flush=True)
    sys.stdin.read()
    controller.stop()
""")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _people(count: int) -> None:
    organisation = Organisation(name="Bench AB", timezone="Europe/Stockholm", weekly_goal_minutes=60)
    db.session.add(organisation)
    db.session.flush()
    locales = ("sv", "nb", "en")
    db.session.execute(
        insert(User),
        [
            {
                "organisation_id": organisation.id,
                "email": f"person{i:05d}@bench.example",
                "name": f"Person {i}",
                "locale": locales[i % 3],
                "timezone": "Europe/Stockholm",
                "role": "employee",
                "active": True,
            }
            for i in range(count)
        ],
    )
    ids = db.session.scalars(db.select(User.id).where(User.organisation_id == organisation.id)).all()
    db.session.execute(
        insert(ReminderPreference),
        [{"user_id": i, "enabled": True, "weekday": 4, "time": clock_time(15, 0), "channel": "email"} for i in ids],
    )
    db.session.commit()


def _requeue(limit: int | None = None) -> None:
    ids = db.session.scalars(db.select(OutboxMessage.id).order_by(OutboxMessage.id).limit(limit)).all()
    db.session.execute(db.update(OutboxMessage).values(state="cancelled"))
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(ids))
        .values(state="queued", attempts=0, next_attempt_at=datetime(2000, 1, 1, tzinfo=UTC), sent_at=None)
    )
    db.session.commit()


def _worker(count: int) -> tuple[float, float]:
    """(messages a second by the clock, this process's CPU milliseconds a message)."""
    started, cpu = time.perf_counter(), time.process_time()
    sent = outbox.deliver()["sent"]
    elapsed = time.perf_counter() - started
    if sent != count:
        raise SystemExit(f"the worker sent {sent} of {count}")
    return count / elapsed, (time.process_time() - cpu) / count * 1000


def _messages() -> list[tuple[str, bytes]]:
    settings = settings_for()
    found = []
    for message in db.session.scalars(db.select(OutboxMessage).order_by(OutboxMessage.id)):
        payload = message.payload
        data, _ = message_bytes(
            settings,
            to=message.target,
            name=payload["name"],
            template=payload["template"],
            locale=payload["locale"],
            context=payload["context"],
            key=message.idempotency_key,
            unsubscribe=payload["unsubscribe"],
        )
        found.append((message.target, data))
    return found


def _bare(port: int, sender: str, messages: list[tuple[str, bytes]]) -> tuple[float, float]:
    started, cpu = time.perf_counter(), time.process_time()
    with smtplib.SMTP("127.0.0.1", port) as smtp:
        for to, data in messages:
            smtp.sendmail(sender, [to], data)
    return len(messages) / (time.perf_counter() - started), (time.process_time() - cpu) / len(messages) * 1000


def _peak(count: int) -> float:
    _requeue(count)
    tracemalloc.start()
    try:
        outbox.deliver()
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def run(args, url: str) -> None:
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-c", SMTP_SERVER, str(port)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        if server.stdout.readline().strip() != "ready":
            raise SystemExit("the loopback SMTP server did not start")
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": url,
                "SECRET_KEY": SECRET,
                "SMTP_URL": f"smtp://127.0.0.1:{port}",
                "MAIL_FROM": "Learning Hour <learning@bench.example>",
                "PUBLIC_URL": "https://learning.bench.example",
                "OUTBOX_IN_WEB": False,
                "RATELIMIT_ENABLED": False,
            }
        )
        with app.app_context():
            _people(args.messages)
            started = time.perf_counter()
            counts = reminders.send_due(THURSDAY_1505)
            chosen = time.perf_counter() - started
            print(f"    due and written to the outbox: {counts['mailed']} e-mails in {chosen:.1f} s", flush=True)
            worker, bare = [], []
            for round_number in range(args.rounds):
                if round_number:
                    _requeue()
                worker.append(_worker(args.messages))
                prepared = _messages()
                bare.append(_bare(port, str(settings_for().sender.addr_spec), prepared))
                del prepared
                print(
                    f"    round {round_number + 1}: worker {worker[-1][0]:.0f}/s ({worker[-1][1]:.2f} ms CPU each), "
                    f"bare smtplib {bare[-1][0]:.0f}/s ({bare[-1][1]:.2f} ms CPU each)",
                    flush=True,
                )
            rate = statistics.median(w[0] / b[0] for w, b in zip(worker, bare, strict=True))
            print(
                f"  worker (claim, render, send, settle) {statistics.median(w[0] for w in worker):.0f} messages/s, "
                f"bare smtplib {statistics.median(b[0] for b in bare):.0f} messages/s: ratio {rate:.2f}x by the clock "
                f"(target >= 0.5x); CPU a message {statistics.median(w[1] for w in worker):.2f} ms against "
                f"{statistics.median(b[1] for b in bare):.2f} ms; load average {os.getloadavg()[0]:.1f}",
                flush=True,
            )
            # On a busy machine the clock ratio swings with whatever else runs; the worker's own extra CPU
            # a message, added to the fastest bare exchange seen, says what a quiet machine would show.
            fastest = 1000 / max(b[0] for b in bare)
            extra = statistics.median(w[1] for w in worker) - statistics.median(b[1] for b in bare)
            print(
                f"  quiet-machine estimate: bare {fastest:.2f} ms a message + the worker's {extra:.2f} ms CPU "
                f"= ratio {fastest / (fastest + extra):.2f}x",
                flush=True,
            )
            small, large = _peak(args.messages // 10), _peak(args.messages)
            print(
                f"  worker's peak memory: {small:.1f} MB for {args.messages // 10:,} messages, "
                f"{large:.1f} MB for {args.messages:,} ({large / small:.2f}x: flat)",
                flush=True,
            )
            db.session.remove()
            db.engine.dispose()
    finally:
        server.stdin.close()
        server.wait(10)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="bench.mail")
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    return on_scratch_databases("mail", lambda _label, url: run(args, url), sqlite=False, secret=SECRET)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
