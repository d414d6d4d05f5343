"""One push service's share of a run: its messages, several requests in flight at once.

While earlier requests are in flight the next message is encrypted; answers decide what happens:
2xx delivered, 404/410 gone, 429/406 pause the whole origin, 5xx and no answer retried with
exponential backoff and jitter (never past the message's TTL), other 4xx rejected. A service that
does not answer at all stops its own lane (the breaker); the other lanes never wait for it.
Whatever goes wrong inside a lane, every message leaves it with an outcome.
"""

import logging
import random
import time
from collections import deque

from .endpoints import Endpoint
from .message import Message, Outcome, PayloadTooLarge, retry_after_seconds
from .transport import Exchange, Transport

log = logging.getLogger("server.push")


class Lane:
    """All messages for one origin, a few requests in flight (more over HTTP/2)."""

    def __init__(self, sender, endpoint: Endpoint, messages: list[Message]):
        self.sender, self.endpoint, self.settings = sender, endpoint, sender.settings
        self.origin = endpoint.origin
        self.messages = messages
        self.queue = deque((m, 0, time.monotonic()) for m in messages)
        self.retries: list[tuple[float, Message, int, float]] = []
        self.outcomes: list[Outcome] = []
        self.bodies: dict[int, tuple[list[str], bytes]] = {}
        # Every message to one origin in one run shares the VAPID header; build the lines once.
        self.header_lines: dict[tuple, list[str]] = {}
        self.failures = 0  # unanswered requests and failed connections in a row
        self.answers = 0  # answers of any kind in this run
        self.sent: set[int] = set()  # ids of messages with a request written at least once
        self.unanswered: set[int] = set()  # ids of messages with a request that may have arrived
        self.stopped: str | None = None  # "down" or "paused"
        self.pause_for: float | None = None

    def run(self) -> list[Outcome]:
        try:
            self._run()
        except Exception:  # a bug or a surprise from one service must not cost the other messages
            log.exception("push lane for %s failed", self.origin)
            done = {id(o.message) for o in self.outcomes}
            for message in self.messages:
                if id(message) not in done:
                    self.outcomes.append(
                        Outcome(message, "failed", uncertain=id(message) in self.sent, error="internal error")
                    )
        return self.outcomes

    def _run(self) -> None:
        s = self.settings
        transport = self.sender.take_transport(self.endpoint, max(1, min(s.connections_per_origin, len(self.queue))))
        widened = False
        try:
            while True:
                while transport.free and not self.stopped:
                    item = self._next()
                    if item is None:
                        break
                    prepared = self._prepare(item[0])
                    if prepared is not None:
                        transport.start(item, item[0].endpoint, *prepared)
                        self.sent.add(id(item[0]))
                if transport.busy:
                    for exchange in transport.finished(wait=self._until_retry(1.0)):
                        self._complete(exchange)
                        if exchange.http2 and not widened:  # one connection carries many requests side by side
                            widened = True
                            transport.grow(min(s.streams_per_origin, len(transport.busy) + len(self.queue) + 1))
                    continue
                if self.stopped or not (self.queue or self.retries):
                    break
                time.sleep(self._until_retry(60.0))
            for message, *_ in list(self.queue) + [r[1:] for r in self.retries]:
                self._defer(message)
        finally:
            self.sender.give_back(self.origin, transport)

    def _until_retry(self, longest: float) -> float:
        if not self.retries:
            return longest
        return min(longest, max(0.0, min(r[0] for r in self.retries) - time.monotonic()))

    def _next(self):
        now = time.monotonic()
        if self.retries and min(r[0] for r in self.retries) <= now:
            ready = min(self.retries, key=lambda r: r[0])
            self.retries.remove(ready)
            return ready[1:]
        if self.queue:
            return self.queue.popleft()
        return None

    def _prepare(self, message: Message) -> tuple[list[str], bytes] | None:
        """The header lines and the encrypted body, made once per message."""
        prepared = self.bodies.get(id(message))
        if prepared is None:
            try:
                body, authorization = self.sender.encryptor.encrypt(
                    message.payload, message.endpoint, message.p256dh, message.auth
                )
            except Exception as error:  # keys stored that are no keys, or too big: this message only
                result = "too_big" if isinstance(error, PayloadTooLarge) else "rejected"
                self.outcomes.append(Outcome(message, result, error=str(error)[:300]))
                return None
            key = (authorization, message.urgency, message.topic, message.ttl)
            lines = self.header_lines.get(key)
            if lines is None:
                lines = self.header_lines[key] = Transport.header_lines(self.sender.headers(message, authorization))
            prepared = self.bodies[id(message)] = (lines, body)
        return prepared

    def _complete(self, exchange: Exchange) -> None:
        message, attempt, _ = item = exchange.item
        if exchange.status is None:
            self._no_answer(item, exchange)
            return
        self.failures = 0
        self.answers += 1
        status = exchange.status
        if 200 <= status < 300:
            self._done(message, "delivered", status, attempt)
        elif status in (404, 410):
            self._done(message, "gone", status, attempt)
        elif status in (406, 429):
            wait = retry_after_seconds(exchange.headers.get("retry-after"), self.settings.default_pause)
            log.warning("push service %s asks us to wait %.0f s (HTTP %s)", self.origin, wait, status)
            self.stopped, self.pause_for = "paused", max(wait, self.pause_for or 0)
            self._done(message, "paused", status, attempt, retry_after=wait)
        elif status >= 500:
            wait = exchange.headers.get("retry-after")
            self._retry(item, status, f"HTTP {status}", wait=retry_after_seconds(wait, 0) if wait else None)
        else:
            if status in (400, 401, 403):
                log.error(
                    "push service %s rejected our VAPID request with HTTP %s: %s — check "
                    "VAPID_PRIVATE_KEY and VAPID_SUBJECT",
                    self.origin,
                    status,
                    exchange.body[:300],
                )
            self._done(message, "rejected", status, attempt, error=exchange.body[:300].decode("utf-8", "replace"))

    def _no_answer(self, item, exchange: Exchange) -> None:
        """No connection, or no answer in time. A service that has not answered anything in this
        run and now lets a request time out is down for this run: one timeout is all it costs."""
        if exchange.written:
            self.unanswered.add(id(item[0]))
        self.failures += 1
        if not self.stopped and (
            self.failures >= self.settings.breaker_timeouts or (exchange.timed_out and not self.answers)
        ):
            log.warning("push service %s not answering (%s); skipping it for this run", self.origin, exchange.error)
            self.stopped, self.pause_for = "down", self.settings.default_pause
        self._retry(item, None, exchange.error)

    def _done(self, message, result, status=None, attempt=0, **extra) -> None:
        self.bodies.pop(id(message), None)
        extra["uncertain"] = id(message) in self.unanswered
        self.outcomes.append(Outcome(message, result, status, attempt + 1, **extra))

    def _defer(self, message: Message) -> None:
        self.bodies.pop(id(message), None)
        self.outcomes.append(
            Outcome(
                message,
                "deferred",
                retry_after=self.pause_for,
                uncertain=id(message) in self.unanswered,
                error=f"push service {self.stopped}",
            )
        )

    def _retry(self, item, status, error, *, wait: float | None = None) -> None:
        message, attempt, first_try = item
        s = self.settings
        delay = wait if wait is not None else min(s.backoff_cap, s.backoff_base * 2**attempt)
        delay *= random.uniform(0.5, 1.5)
        ttl = message.ttl or s.ttl
        if self.stopped or attempt + 1 >= s.max_attempts or time.monotonic() + delay > first_try + ttl:
            self._done(message, "failed", status, attempt, error=error)
            return
        self.retries.append((time.monotonic() + delay, message, attempt + 1, first_try))
