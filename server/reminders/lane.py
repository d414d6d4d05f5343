"""One push service's share of a run: its messages over a few keep-alive connections, in turn.

While earlier requests are in flight the next message is encrypted; answers decide what happens:
2xx delivered, 404/410 gone, 429/406 pause the whole origin, 5xx and no answer retried with
exponential backoff and jitter (never past the message's TTL), other 4xx rejected.
"""
import logging
import random
import time
from collections import deque
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime

from .connection import ConnectFailed, PushConnection, ResponseFailed, StaleConnection

log = logging.getLogger("server.reminders.sender")


# 4,096 bytes a record (RFC 8291 §4) minus the 86-byte header, the 16-byte tag and the padding delimiter.
MAX_PAYLOAD = 3993


class PayloadTooLarge(ValueError):
    pass


@dataclass
class Message:
    endpoint: str
    p256dh: str
    auth: str
    payload: bytes
    ref: object = None          # the caller's handle (e.g. subscription id)
    urgency: str = "normal"     # very-low | low | normal | high
    topic: str | None = None    # ≤ 32 URL-safe characters; a newer message replaces an undelivered one
    ttl: int | None = None      # seconds; the sender's default when None
    origin: str = ""
    path: str = ""


@dataclass
class Outcome:
    message: Message
    result: str                 # delivered | gone | paused | rejected | failed | deferred | too_big
    status: int | None = None
    attempts: int = 0
    retry_after: float | None = None
    uncertain: bool = False     # a request was written but not answered: it may have arrived
    error: str | None = None


def retry_after_seconds(value: str | None, default: float) -> float:
    if not value:
        return default
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return default


@dataclass
class SenderSettings:
    ttl: int = 4 * 3600
    timeout: float = 10.0
    connect_timeout: float = 5.0
    connections_per_origin: int = 4
    max_attempts: int = 4
    backoff_base: float = 1.0
    backoff_cap: float = 60.0
    max_lanes: int = 32
    # Consecutive unanswered requests after which an origin counts as down for the rest of the run.
    breaker_timeouts: int = 2
    default_pause: float = 60.0
    ca_file: str | None = None
    extra: dict = field(default_factory=dict)


class Lane:
    """All messages for one origin, over a few keep-alive connections used in turn."""

    def __init__(self, sender, origin: str, messages: list[Message]):
        self.sender, self.origin, self.settings = sender, origin, sender.settings
        self.queue = deque((m, 0, time.monotonic()) for m in messages)
        self.retries: list[tuple[float, Message, int, float]] = []
        self.outcomes: list[Outcome] = []
        self.bodies: dict[int, bytes] = {}
        # Every message to one origin in one run shares the VAPID header; build the bytes once.
        self.header_blocks: dict[tuple, bytes] = {}
        self.timeouts = 0
        self.unanswered: set[int] = set()   # ids of messages with a request that may have arrived
        self.stopped: str | None = None   # "down" or "paused"
        self.pause_for: float | None = None

    def run(self) -> list[Outcome]:
        size = max(1, min(self.settings.connections_per_origin, len(self.queue)))
        connections = self.sender._take_connections(self.origin, size)
        in_flight: list[tuple | None] = [None] * size
        turn = 0
        try:
            while not self.stopped:
                item = self._next()
                if item is None:
                    if any(in_flight):
                        for slot, waiting in enumerate(in_flight):
                            if waiting:
                                in_flight[slot] = None
                                self._complete(connections[slot], waiting)
                        continue
                    if not self.retries:
                        break
                    time.sleep(max(0.0, min(r[0] for r in self.retries) - time.monotonic()))
                    continue
                body = self._body(item)
                if body is None:
                    continue
                slot, turn = turn % size, turn + 1
                if in_flight[slot]:
                    waiting, in_flight[slot] = in_flight[slot], None
                    self._complete(connections[slot], waiting)
                if self.stopped:
                    self._defer(item[0])
                else:
                    in_flight[slot] = self._send(connections[slot], item, body)
            for slot, waiting in enumerate(in_flight):
                if waiting:
                    self._complete(connections[slot], waiting)
            for message, *_ in list(self.queue) + [r[1:] for r in self.retries]:
                self._defer(message)
        finally:
            self.sender._give_back(self.origin, connections)
        return self.outcomes

    def _next(self):
        now = time.monotonic()
        if self.retries and min(r[0] for r in self.retries) <= now:
            ready = min(self.retries, key=lambda r: r[0])
            self.retries.remove(ready)
            return ready[1:]
        if self.queue:
            return self.queue.popleft()
        return None

    def _body(self, item) -> bytes | None:
        message = item[0]
        body = self.bodies.get(id(message))
        if body is None:
            try:
                body = self.sender.encrypt(message.payload, message.p256dh, message.auth, message.endpoint)
            except (ValueError, TypeError) as error:   # bad keys stored, or too big
                result = "too_big" if isinstance(error, PayloadTooLarge) else "rejected"
                self.outcomes.append(Outcome(message, result, error=str(error)))
                return None
            self.bodies[id(message)] = body
        return body

    def _send(self, connection: PushConnection, item, body: bytes):
        message = item[0]
        key = (message.urgency, message.topic, message.ttl)
        block = self.header_blocks.get(key)
        if block is None:
            block = self.header_blocks[key] = PushConnection.header_block(self.sender.headers(message))
        try:
            connection.send(message.path, block, body)
        except ConnectFailed as error:
            self._retry(item, None, str(error), uncertain=False)
            return None
        return item

    def _complete(self, connection: PushConnection, item) -> None:
        message, attempt, _ = item
        try:
            response = connection.read_response()
        except StaleConnection:
            self.queue.appendleft(item)
            return
        except ResponseFailed as error:
            self.timeouts += 1
            if self.timeouts >= self.settings.breaker_timeouts and not self.stopped:
                log.warning("push service %s not answering; skipping it for this run", self.origin)
                self.stopped, self.pause_for = "down", self.settings.default_pause
            self._retry(item, None, str(error), uncertain=True)
            return
        self.timeouts = 0
        status = response.status
        if 200 <= status < 300:
            self._done(message, "delivered", status, attempt)
        elif status in (404, 410):
            self._done(message, "gone", status, attempt)
        elif status in (406, 429):
            wait = retry_after_seconds(response.headers.get("retry-after"), self.settings.default_pause)
            log.warning("push service %s asks us to wait %.0f s (HTTP %s)", self.origin, wait, status)
            self.stopped, self.pause_for = "paused", max(wait, self.pause_for or 0)
            self._done(message, "paused", status, attempt, retry_after=wait)
        elif status >= 500:
            wait = response.headers.get("retry-after")
            self._retry(item, status, f"HTTP {status}", uncertain=False,
                        wait=retry_after_seconds(wait, 0) if wait else None)
        else:
            if status in (400, 401, 403):
                log.error("push service %s rejected our VAPID request with HTTP %s: %s — check "
                          "VAPID_PRIVATE_KEY and VAPID_SUBJECT", self.origin, status, response.body[:300])
            self._done(message, "rejected", status, attempt, error=response.body[:300].decode("utf-8", "replace"))

    def _done(self, message, result, status=None, attempt=0, **extra) -> None:
        self.bodies.pop(id(message), None)
        extra["uncertain"] = extra.get("uncertain", False) or id(message) in self.unanswered
        self.outcomes.append(Outcome(message, result, status, attempt + 1, **extra))

    def _defer(self, message: Message) -> None:
        self.bodies.pop(id(message), None)
        self.outcomes.append(Outcome(message, "deferred", retry_after=self.pause_for,
                                     uncertain=id(message) in self.unanswered,
                                     error=f"push service {self.stopped}"))

    def _retry(self, item, status, error, *, uncertain: bool, wait: float | None = None) -> None:
        message, attempt, first_try = item
        if uncertain:
            self.unanswered.add(id(message))
        s = self.settings
        delay = wait if wait is not None else min(s.backoff_cap, s.backoff_base * 2 ** attempt)
        delay *= random.uniform(0.5, 1.5)
        ttl = message.ttl or s.ttl
        if self.stopped or attempt + 1 >= s.max_attempts or time.monotonic() + delay > first_try + ttl:
            self._done(message, "failed", status, attempt, uncertain=uncertain, error=error)
            return
        self.retries.append((time.monotonic() + delay, message, attempt + 1, first_try))
