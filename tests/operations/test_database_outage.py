"""PostgreSQL goes away under load and comes back: requests in the gap get 503 with Retry-After, the
app recovers by itself, and no entry a client was told was stored is missing.

The outage is made by a TCP relay between the app and PostgreSQL that drops every connection and
refuses new ones for a while, which is what the app sees of a database restart; restarting the
machine's own cluster would also stop every other test using it."""

import socket
import threading
import time
import uuid

import httpx
import pytest
from sqlalchemy.engine import make_url

from server import create_app
from server.accounts import service as accounts
from server.extensions import db
from server.log.models import Entry
from tests.relay import copy_until_closed
from tests.support import IsolatedClient, serving, wait_for

pytestmark = pytest.mark.postgres


class Relay:
    """127.0.0.1:port → PostgreSQL; `cut()` drops all connections and refuses new ones until `mend()`."""

    def __init__(self, target: tuple[str, int]):
        self.target = target
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.open = threading.Event()
        self.open.set()
        self.sockets: list[socket.socket] = []
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.open.is_set():
                client.close()
                continue
            try:
                upstream = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source, sink):
        copy_until_closed(source, sink)
        source.close()  # each direction closes the socket it read from

    def cut(self):
        self.open.clear()
        with self.lock:
            for s in self.sockets:
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
            self.sockets.clear()

    def mend(self):
        self.open.set()

    def close(self):
        self.listener.close()


@pytest.fixture
def relayed_server(app_config, database_url):
    url = make_url(database_url)
    relay = Relay((url.host or "127.0.0.1", url.port or 5432))
    relayed = url.set(host="127.0.0.1", port=relay.port).render_as_string(hide_password=False)
    flask_app = create_app(app_config | {"SQLALCHEMY_DATABASE_URI": relayed})
    flask_app.test_client_class = IsolatedClient
    with serving(flask_app) as base_url:
        yield relay, base_url
    relay.close()
    with flask_app.app_context():
        db.engine.dispose()


def test_the_app_rides_out_a_database_restart(org, relayed_server):
    relay, base = relayed_server
    _, token = accounts.issue_token(org.erik, "phone")
    db.session.commit()
    headers = {"Authorization": f"Bearer {token}"}
    told_stored, answers, stop = [], [], threading.Event()

    def phone():
        with httpx.Client(timeout=20, headers=headers) as client:
            while not stop.is_set():
                entry_id = str(uuid.uuid4())
                try:
                    response = client.post(
                        f"{base}/api/v1/entries",
                        json={"id": entry_id, "date": "2026-01-05", "minutes": 1, "activity": "podcast", "title": "x"},
                    )
                except httpx.HTTPError:
                    continue
                answers.append((time.monotonic(), response.status_code, response.headers.get("Retry-After")))
                if response.status_code in (200, 201):
                    told_stored.append(entry_id)

    phones = [threading.Thread(target=phone) for _ in range(4)]
    for thread in phones:
        thread.start()
    wait_for(lambda: len(told_stored) >= 5, timeout=30, what="the phones storing entries")
    cut_at = time.monotonic()
    relay.cut()
    wait_for(lambda: any(at > cut_at and status == 503 for at, status, _ in answers), timeout=30, what="a 503")
    relay.mend()
    mended_at = time.monotonic()
    # A second to reconnect; from then on every answer is a stored entry again.
    wait_for(
        lambda: sum(at > mended_at + 1.0 for at, _, _ in answers) >= 5 and len(told_stored) > 20,
        timeout=30,
        what="stored entries again after the database came back",
    )
    stop.set()
    for thread in phones:
        thread.join()

    statuses = {status for _, status, _ in answers}
    assert statuses <= {200, 201, 503}, statuses
    gap = [(status, retry) for at, status, retry in answers if cut_at < at < mended_at]
    assert any(status == 503 for status, _ in gap) and all(retry for status, retry in gap if status == 503)
    after = [status for at, status, _ in answers if at > mended_at + 1.0]
    assert after and set(after) == {201}  # recovered by itself
    db.session.expire_all()
    stored = set(db.session.scalars(db.select(Entry.id).where(Entry.id.in_(told_stored))))
    assert stored == set(told_stored) and len(told_stored) > 20
