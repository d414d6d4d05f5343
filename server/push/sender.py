"""Delivering encrypted pushes to the browsers' push services (RFC 8030, 8291, 8292).

`PushSender.send(messages) -> outcomes`: every message is checked (endpoint, size), encrypted
(`encryption.Encryptor`, through `webpush`'s public API) and posted with a cached VAPID header per
origin, TTL, Urgency, Topic, Content-Encoding and Content-Type. Every push-service origin gets a
lane of its own (a thread with its own libcurl transport, `transport.py`), so one that hangs or is
down never stalls the others; within a lane the next message is encrypted while earlier requests
are in flight. A lane's transport (and the connections libcurl keeps in it) is kept for the next run.
"""

import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from .encryption import Encryptor
from .endpoints import Endpoint, InvalidEndpoint, parse_endpoint
from .lane import Lane
from .message import MAX_PAYLOAD, Message, Outcome, SenderSettings
from .proxy import environment_proxies, proxy_for
from .transport import Transport
from .vapid import VapidKeys, VapidSigner

log = logging.getLogger("server.push")
IDLE_SECONDS = 300  # a transport unused this long is closed (and its connections with it)


class PushSender:
    """Thread-safe; keep one per process (see `server.push.sender_for`)."""

    def __init__(self, keys: VapidKeys, subject: str, settings: SenderSettings | None = None):
        self.settings = settings or SenderSettings()
        if self.settings.ttl <= 0:
            raise ValueError("TTL must be positive: 0 means 'drop unless the device is online now'")
        self.signer = VapidSigner(keys, subject)
        self.encryptor = Encryptor(self.signer, self.settings.ttl)
        self.proxies = environment_proxies() if self.settings.proxies is None else dict(self.settings.proxies)
        self._idle: dict[str, Transport] = {}
        self._idle_lock = threading.Lock()

    def encrypt(self, payload: bytes, p256dh: str, auth: str, endpoint: str = "https://push.invalid/") -> bytes:
        """The RFC 8291 body alone (what the benchmark calls bare encryption)."""
        return self.encryptor.encrypt(payload, endpoint, p256dh, auth)[0]

    def headers(self, message: Message, authorization: str) -> list[tuple[str, str]]:
        headers = [
            ("Authorization", authorization),
            ("TTL", str(message.ttl or self.settings.ttl)),
            ("Urgency", message.urgency),
            ("Content-Encoding", "aes128gcm"),
            ("Content-Type", "application/octet-stream"),
        ]
        if message.topic:
            headers.append(("Topic", message.topic))
        return headers

    # -- transports -------------------------------------------------------------------------
    def take_transport(self, endpoint: Endpoint, size: int) -> Transport:
        with self._idle_lock:
            transport = self._idle.pop(endpoint.origin, None)
        if transport is None:
            transport = Transport(endpoint, self.settings, proxy_for(endpoint, self.proxies), size)
        transport.grow(size)
        return transport

    def give_back(self, origin: str, transport: Transport) -> None:
        if transport.busy:  # a lane that broke off mid-run: its requests are not the next run's
            transport.close()
            return
        now, stale = time.monotonic(), []
        with self._idle_lock:
            if origin in self._idle:  # two runs at once to one origin: keep one transport
                stale.append(self._idle.pop(origin))
            self._idle[origin] = transport
            for other, idle in list(self._idle.items()):
                if now - idle.last_used > IDLE_SECONDS:
                    stale.append(self._idle.pop(other))
        for old in stale:
            old.close()

    def close(self) -> None:
        with self._idle_lock:
            idle, self._idle = self._idle, {}
        for transport in idle.values():
            transport.close()

    # -- delivery ---------------------------------------------------------------------------
    def send(self, messages: list[Message], paused: set[str] = frozenset()) -> list[Outcome]:
        """Deliver every message; one outcome each, in no particular order. Never raises for
        what one message or one push service does."""
        outcomes: list[Outcome] = []
        lanes: dict[str, tuple[Endpoint, list[Message]]] = {}
        for message in messages:
            try:
                message.parsed = parse_endpoint(message.endpoint)
            except InvalidEndpoint as error:
                outcomes.append(Outcome(message, "invalid", error=str(error)))
                continue
            message.origin = message.parsed.origin
            if len(message.payload) > MAX_PAYLOAD:
                outcomes.append(Outcome(message, "too_big", error="payload too large"))
            elif message.origin in paused:
                outcomes.append(Outcome(message, "deferred", error="push service paused"))
            else:
                lanes.setdefault(message.origin, (message.parsed, []))[1].append(message)
        if len(lanes) == 1:
            return outcomes + self._lane(next(iter(lanes.values())))
        if lanes:
            with ThreadPoolExecutor(
                max_workers=min(len(lanes), self.settings.max_lanes), thread_name_prefix="push-lane"
            ) as pool:
                for result in pool.map(self._lane, lanes.values()):
                    outcomes.extend(result)
        return outcomes

    def _lane(self, work: tuple[Endpoint, list[Message]]) -> list[Outcome]:
        endpoint, messages = work
        try:
            return Lane(self, endpoint, messages).run()
        except Exception as error:  # e.g. a proxy setting that cannot be read: these messages only
            log.exception("push lane for %s could not start", endpoint.origin)
            return [Outcome(m, "failed", error=str(error)[:300]) for m in messages]
