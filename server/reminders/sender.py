"""Delivering encrypted pushes to the browsers' push services (RFC 8030, 8291, 8292).

`webpush` 1.0.6 (pinned) does the RFC 8291 aes128gcm encryption. Its `get()` is not used: per-call
arguments are written into the shared object, its TTL defaults to 0, it signs a fresh VAPID token
per message and its audience drops the port. So the sender calls the encryption routine alone and
writes the rest itself: a cached VAPID header per origin (`vapid.VapidSigner`), TTL, Urgency,
Topic, Content-Encoding and Content-Type, and a size check before anything is sent.

Every push-service origin gets a lane of its own (a thread with a few keep-alive connections), so
one that hangs or is down never stalls the others; within a lane the next message is encrypted
while earlier requests are in flight.
"""
import ssl
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

from webpush import WebPush
from webpush.types import WebPushKeys, WebPushSubscription

from .connection import PushConnection
from .lane import MAX_PAYLOAD, Lane, Message, Outcome, PayloadTooLarge, SenderSettings
from .vapid import VapidKeys, VapidSigner, origin_of

__all__ = ["MAX_PAYLOAD", "Message", "Outcome", "PayloadTooLarge", "PushSender", "SenderSettings"]


class PushSender:
    """Thread-safe; keep one per process (see `delivery.sender_for`)."""

    def __init__(self, keys: VapidKeys, subject: str, settings: SenderSettings | None = None):
        self.settings = settings or SenderSettings()
        if self.settings.ttl <= 0:
            raise ValueError("TTL must be positive: 0 means 'drop unless the device is online now'")
        self.signer = VapidSigner(keys, subject)
        # Only the encryption routine is used; the object is never changed after this.
        self._webpush = WebPush(private_key=keys.private_pem, public_key=keys.public_pem,
                                subscriber=subject, ttl=self.settings.ttl)
        self.ssl_context = ssl.create_default_context(cafile=self.settings.ca_file)
        self._idle: dict[str, list[PushConnection]] = {}
        self._idle_lock = threading.Lock()

    # -- encryption -------------------------------------------------------------------------
    def encrypt(self, payload: bytes, p256dh: str, auth: str, endpoint: str = "https://push.invalid/") -> bytes:
        if len(payload) > MAX_PAYLOAD:
            raise PayloadTooLarge(f"payload is {len(payload)} bytes; push services accept {MAX_PAYLOAD}")
        # Keys were validated when the browser subscribed; skip pydantic's per-message validation.
        subscription = WebPushSubscription.model_construct(
            endpoint=endpoint, keys=WebPushKeys.model_construct(p256dh=p256dh, auth=auth))
        return self._webpush._encrypt(payload, subscription)

    def headers(self, message: Message) -> list[tuple[str, str]]:
        headers = [
            ("Authorization", self.signer.header(message.origin)),
            ("TTL", str(message.ttl or self.settings.ttl)),
            ("Urgency", message.urgency),
            ("Content-Encoding", "aes128gcm"),
            ("Content-Type", "application/octet-stream"),
        ]
        if message.topic:
            headers.append(("Topic", message.topic))
        return headers

    # -- connections ------------------------------------------------------------------------
    def _take_connections(self, origin: str, count: int) -> list[PushConnection]:
        with self._idle_lock:
            idle = self._idle.pop(origin, [])
        connections = []
        for connection in idle:
            # Services close idle keep-alive connections; an old one would fail its first request.
            if len(connections) < count and time.monotonic() - connection.last_used < 30:
                connections.append(connection)
            else:
                connection.close()
        s = self.settings
        while len(connections) < count:
            connections.append(PushConnection(origin, ssl_context=self.ssl_context, timeout=s.timeout,
                                              connect_timeout=s.connect_timeout))
        return connections

    def _give_back(self, origin: str, connections: list[PushConnection]) -> None:
        alive = [c for c in connections if c.sock is not None]
        with self._idle_lock:
            self._idle.setdefault(origin, []).extend(alive)

    def close(self) -> None:
        with self._idle_lock:
            idle, self._idle = self._idle, {}
        for connections in idle.values():
            for connection in connections:
                connection.close()

    # -- delivery ---------------------------------------------------------------------------
    def send(self, messages: list[Message], paused: set[str] = frozenset()) -> list[Outcome]:
        """Deliver every message; one outcome each, in no particular order."""
        outcomes: list[Outcome] = []
        lanes: dict[str, list[Message]] = {}
        for message in messages:
            parts = urlsplit(message.endpoint)
            message.origin = origin_of(parts)
            message.path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            if len(message.payload) > MAX_PAYLOAD:
                outcomes.append(Outcome(message, "too_big", error="payload too large"))
            elif message.origin in paused:
                outcomes.append(Outcome(message, "deferred", error="push service paused"))
            else:
                lanes.setdefault(message.origin, []).append(message)
        if not lanes:
            return outcomes
        if len(lanes) == 1:
            origin, queue = next(iter(lanes.items()))
            return outcomes + Lane(self, origin, queue).run()
        with ThreadPoolExecutor(max_workers=min(len(lanes), self.settings.max_lanes),
                                thread_name_prefix="push-lane") as pool:
            for result in pool.map(lambda item: Lane(self, *item).run(), lanes.items()):
                outcomes.extend(result)
        return outcomes


