"""A carrier of the kind `note` for the outbox's own tests: it keeps what it was handed (across apps,
as several workers share one relay) and answers what the test scripted."""

import threading
from collections import deque

from server import outbox


class NoteCarrier:
    """`script(result, …)` answers the next sends in turn (then `outbox.SENT`); `sent` lists the ids
    handed over successfully, in order; `opened` counts transports used (one per run and kind)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.sent: list[int] = []
        self.tried: list[int] = []
        self.opened = 0
        self.answers: deque = deque()

    def script(self, *results) -> None:
        self.answers.extend(results)

    def open(self, app):
        return _Transport(self)


class _Transport(outbox.Transport):
    def __init__(self, carrier: NoteCarrier):
        self.carrier = carrier

    def __enter__(self):
        with self.carrier.lock:
            self.carrier.opened += 1
        return self

    def __exit__(self, *exc):
        return None

    def send(self, message):
        with self.carrier.lock:
            self.carrier.tried.append(message.id)
            result = self.carrier.answers.popleft() if self.carrier.answers else outbox.SENT
            if result.state == "sent":
                self.carrier.sent.append(message.id)
        return result
