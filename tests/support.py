"""Test helpers shared by every feature's tests."""

import contextvars
import logging
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager

import pytest
from flask.testing import FlaskClient
from flask_babel import force_locale
from sqlalchemy import event
from werkzeug.serving import make_server

from server.errors import RuleError
from server.extensions import db

PASSWORD = "correct horse battery"


class IsolatedClient(FlaskClient):
    """Runs each request in an empty context, so it gets its own app context, `g` and database
    session, as on a real server, even while the test itself holds an app context."""

    def open(self, *args, **kwargs):
        return contextvars.Context().run(super().open, *args, **kwargs)


class ApiClient:
    """A signed-in test client that sends X-CSRF-Token on writes, as the PWA does."""

    def __init__(self, client: FlaskClient, csrf_token: str | None = None, bearer: str | None = None):
        self.client = client
        self.csrf_token = csrf_token
        self.bearer = bearer

    def _headers(self, method: str, headers: dict | None) -> dict:
        merged = dict(headers or {})
        if self.bearer:
            merged.setdefault("Authorization", f"Bearer {self.bearer}")
        elif self.csrf_token and method in {"POST", "PUT", "PATCH", "DELETE"}:
            merged.setdefault("X-CSRF-Token", self.csrf_token)
        return merged

    def open(self, method: str, path: str, **kwargs):
        kwargs["headers"] = self._headers(method, kwargs.get("headers"))
        return self.client.open(path, method=method, **kwargs)

    def get(self, path, **kw):
        return self.open("GET", path, **kw)

    def post(self, path, **kw):
        return self.open("POST", path, **kw)

    def put(self, path, **kw):
        return self.open("PUT", path, **kw)

    def patch(self, path, **kw):
        return self.open("PATCH", path, **kw)

    def delete(self, path, **kw):
        return self.open("DELETE", path, **kw)


@contextmanager
def refused(status: int, field: str | None = None, *, sv: str | None = None):
    """The block raises the rule error a service gives for a lookup or a rule: its status (404 absent,
    403 not allowed, …), the field it names, and (`sv`) its message in Swedish, for the person's language."""
    with pytest.raises(RuleError) as caught:
        yield caught
    error = caught.value
    assert error.status == status, (error.status, str(error.message))
    assert field is None or error.field == field, error.field
    if sv is not None:
        with force_locale("sv"):
            assert str(error.message) == sv, str(error.message)


@contextmanager
def serving(flask_app):
    """`flask_app` on a free loopback port, on threads as a real server runs it; yields its base URL.
    The one way the suite serves an app over real HTTP (the `live_server` fixture is the usual one)."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = make_server("127.0.0.1", 0, flask_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)
        server.server_close()


def wait_for(condition: Callable, *, timeout: float = 10.0, what: str = "", pause: Callable = time.sleep):
    """Ask `condition()` until it answers something true, and return that: a test waits for what it
    means, never for a fixed time. `pause(seconds)` between asks (a browser test passes Playwright's,
    which keeps delivering the browser's events meanwhile)."""
    deadline = time.monotonic() + timeout
    while not (value := condition()):
        if time.monotonic() > deadline:
            raise AssertionError(f"still not so after {timeout}s: {what or condition}")
        pause(0.05)
    return value


@contextmanager
def statement_started(engine, prefix: str):
    """An event set when another thread sends a statement starting with `prefix` (e.g. `INSERT INTO
    entries`) on `engine`: the moment a racing request has looked and is about to write."""
    started, here = threading.Event(), threading.get_ident()

    def seen(_conn, _cursor, statement, *_args):
        if threading.get_ident() != here and statement.lstrip().upper().startswith(prefix.upper()):
            started.set()

    event.listen(engine, "before_cursor_execute", seen)
    try:
        yield started
    finally:
        event.remove(engine, "before_cursor_execute", seen)


def at_once_in(apps, work: Callable) -> list:
    """`work()` in each of `apps` (each its own app context and connections, as separate hosts' workers
    are), all starting together on threads of their own; returns what each returned. Every error is
    reported, and each app's database connections are closed afterwards."""
    start = threading.Barrier(len(apps))
    results, errors = [], []

    def run(worker_app):
        try:
            with worker_app.app_context():
                start.wait()
                try:
                    results.append(work())
                finally:
                    db.session.remove()
                    db.engine.dispose()
        except Exception as error:  # reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=run, args=(worker_app,)) for worker_app in apps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    return results
