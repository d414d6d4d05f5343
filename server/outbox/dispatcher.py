"""Sending right after the commit, without a request waiting on the relay.

When a transaction that wrote messages commits, their ids go to the web process's sender thread,
which sends them at once; the same thread also looks for anything due (a retry after backoff, what
another process left) every OUTBOX_POLL_SECONDS. Workers (`flask reminders send-due`, `… worker`) run
the same `deliver`; the claims keep them from sending anything twice.
"""

import atexit
import logging
import threading
import time

from flask import Flask, current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from ..extensions import db
from . import service

log = logging.getLogger(__name__)
KEY = "outbox.dispatcher"


@event.listens_for(Session, "after_commit")
def _committed(session):
    ids = session.info.pop(service.NEW_IDS, None)
    if ids and has_app_context():
        dispatcher = current_app.extensions.get(KEY)
        if dispatcher is not None:
            dispatcher.wake(ids)


@event.listens_for(Session, "after_rollback")
def _rolled_back(session):
    session.info.pop(service.NEW_IDS, None)


class Dispatcher:
    """One daemon thread per app: sends what it is handed, and sweeps for what is due now and then."""

    def __init__(self, app: Flask, poll_seconds: float):
        self.app, self.poll = app, poll_seconds
        self._ids: set[int] = set()
        self._wakeup = threading.Condition()
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="outbox-sender", daemon=True)

    def start(self) -> "Dispatcher":
        self._thread.start()
        return self

    def wake(self, ids=()) -> None:
        with self._wakeup:
            self._ids.update(ids)
            self._wakeup.notify()

    def stop(self, timeout: float = 10.0) -> None:
        with self._wakeup:
            self._stopping = True
            self._wakeup.notify()
        self._thread.join(timeout)

    def _run(self) -> None:
        next_sweep = time.monotonic()
        while True:
            with self._wakeup:
                while not self._stopping and not self._ids and time.monotonic() < next_sweep:
                    self._wakeup.wait(max(0.0, next_sweep - time.monotonic()))
                if self._stopping:
                    return
                ids, self._ids = self._ids, set()
            sweep = time.monotonic() >= next_sweep
            self._deliver(None if sweep else ids)
            if sweep:
                next_sweep = time.monotonic() + self.poll

    def _deliver(self, ids) -> None:
        with self.app.app_context():
            try:
                service.deliver(ids)
            except Exception:  # a database restart must not end the thread: the next sweep tries again
                log.exception("sending outgoing messages failed")
                db.session.rollback()
            finally:
                db.session.remove()


def start(app: Flask) -> Dispatcher:
    """The app's sender thread, started once."""
    with _starting:
        dispatcher = app.extensions.get(KEY)
        if dispatcher is None:
            dispatcher = Dispatcher(app, float(app.config.get("OUTBOX_POLL_SECONDS") or 60)).start()
            app.extensions[KEY] = dispatcher
            atexit.register(dispatcher.stop, 5.0)
        return dispatcher


def stop(app: Flask) -> None:
    dispatcher = app.extensions.pop(KEY, None)
    if dispatcher is not None:
        dispatcher.stop()
        atexit.unregister(dispatcher.stop)


_starting = threading.Lock()


def start_in_web(app: Flask) -> None:
    """The web process sends too (OUTBOX_IN_WEB, on by default): started by its first request, so that
    command-line tools and forked servers' parents start no thread."""
    if not app.config.get("OUTBOX_IN_WEB", True):
        return

    @app.before_request
    def _ensure_started():
        if KEY not in app.extensions:
            start(app)
