"""`flask reminders send-due [--now ISO]` (cron) and `flask reminders worker` (a long-running loop)."""

import json
import signal
import threading
from datetime import UTC, datetime

import click
from flask.cli import AppGroup

from .. import metrics, outbox
from ..clock import utcnow
from ..extensions import db
from . import service

reminders_cli = AppGroup("reminders", help="Reminders by Web Push and e-mail, and every outgoing message.")


def _parse_now(value: str | None) -> datetime:
    if not value:
        return utcnow()
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as error:
        raise click.BadParameter("use ISO 8601, e.g. 2026-11-26T15:05:00+01:00", param_hint="--now") from error
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _line(counts: dict) -> str:
    return json.dumps(counts, sort_keys=True)


def run_once(now: datetime) -> dict:
    """Due reminders, then whatever outgoing messages wait (e-mail, chat posts): theirs and others'."""
    counts = service.send_due(now)
    counts["outbox"] = outbox.deliver()
    metrics.count_reminders(counts)
    return counts


@reminders_cli.command("send-due")
@click.option("--now", "now", default=None, help="Pretend it is this moment (ISO 8601).")
def send_due_command(now):
    """Send every reminder that is due, and every waiting e-mail, once (safe from cron and from several
    hosts at once)."""
    click.echo(_line(run_once(_parse_now(now))))


@reminders_cli.command("worker")
@click.option("--interval", default=60.0, show_default=True, help="Seconds between runs.")
@click.option("--once", is_flag=True, help="One run, then exit.")
def worker_command(interval, once):
    """Send due reminders and waiting e-mail in a loop until SIGTERM or SIGINT (a run in progress
    finishes first)."""
    stop = threading.Event()
    previous = {}
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGTERM, signal.SIGINT):
            previous[sig] = signal.signal(sig, lambda *_: stop.set())
    try:
        while not stop.is_set():
            try:
                click.echo(_line(run_once(utcnow())))
            except Exception as error:  # a bad run (database restarting, …) must not end the worker
                db.session.rollback()
                click.echo(f"reminder run failed: {error!r}", err=True)
            finally:
                db.session.remove()
            if once:
                break
            stop.wait(interval)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    click.echo("reminder worker stopped")
