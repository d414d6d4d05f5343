"""What goes in (a message for one subscription) and what comes out (its outcome), and the knobs."""

import time
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime

from .endpoints import Endpoint

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
    ref: object = None  # the caller's handle (e.g. subscription id)
    urgency: str = "normal"  # very-low | low | normal | high
    topic: str | None = None  # ≤ 32 URL-safe characters; a newer message replaces an undelivered one
    ttl: int | None = None  # seconds; the sender's default when None
    origin: str = ""  # filled in by the sender: scheme://host:port
    parsed: Endpoint | None = None


@dataclass
class Outcome:
    message: Message
    # delivered | gone | paused | rejected | failed | deferred | too_big | invalid (the endpoint)
    result: str
    status: int | None = None
    attempts: int = 0
    retry_after: float | None = None
    uncertain: bool = False  # a request was written but not answered: it may have arrived
    error: str | None = None


@dataclass
class SenderSettings:
    ttl: int = 4 * 3600
    timeout: float = 10.0  # for the whole exchange (connecting included), from the moment it starts
    connect_timeout: float = 5.0
    connections_per_origin: int = 4  # requests in flight per origin over HTTP/1.1, one per connection
    streams_per_origin: int = 16  # requests in flight per origin over HTTP/2, on one connection
    max_attempts: int = 4
    backoff_base: float = 1.0
    backoff_cap: float = 60.0
    max_lanes: int = 32
    # Unanswered requests (or failed connections) in a row after which an origin counts as down for
    # the rest of the run; one is enough for a service that has not answered anything in this run.
    breaker_timeouts: int = 2
    default_pause: float = 60.0
    ca_file: str | None = None
    # {"https": "http://proxy:3128", "no": "localhost,.corp"}; None: HTTPS_PROXY/HTTP_PROXY/NO_PROXY.
    proxies: dict | None = None
    extra: dict = field(default_factory=dict)


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
