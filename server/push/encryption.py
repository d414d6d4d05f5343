"""RFC 8291 (aes128gcm) encryption through `webpush`'s public `WebPush.get()`, safe to share.

`webpush` 1.0.6 (pinned: the workarounds below rely on how `get()` uses its parts) has four habits
a sender of thousands of pushes cannot keep, each handled without touching its private code:
- `get()` writes its per-call arguments (subscriber, ttl, expiration) into the shared object. They
  are never passed: the object is set up once and only read afterwards, so every lane shares it.
- Its TTL defaults to 0 ("drop unless the device is online this second"): it gets ours, and the
  sender writes each message's own TTL header.
- It signs a fresh VAPID token for every message (an ES256 signature costs more than encrypting),
- and that token's audience drops the port. Both are one fix: `WebPush.vapid` is a public attribute
  holding a `VAPID`, and `get()` asks its public `get_authorization_header` for the header; ours,
  a `VAPID` subclass, answers from `VapidSigner`'s per-origin cache, port included.
"""

from webpush import WebPush
from webpush.types import WebPushKeys, WebPushSubscription
from webpush.vapid import VAPID

from .endpoints import Endpoint, parse_endpoint
from .message import MAX_PAYLOAD, PayloadTooLarge
from .vapid import VapidSigner


class CachedVapid(VAPID):
    def __init__(self, signer: VapidSigner):
        super().__init__(private_key=signer.keys.private_pem, public_key=signer.keys.public_pem)
        self.signer = signer
        self._origins: dict[tuple, Endpoint] = {}

    def get_authorization_header(self, endpoint, subscriber, expiration) -> str:
        """`endpoint` is the subscription's validated URL (pydantic's, host lower-case, IPv6 in
        brackets); the subscriber and lifetime are the signer's (a mailto: or https: subject, 12 h)."""
        key = (endpoint.scheme, endpoint.host, endpoint.port)
        origin = self._origins.get(key)
        if origin is None:  # once per origin: parsing every message's URL again costs as much as a request
            origin = self._origins[key] = parse_endpoint(f"{endpoint.scheme}://{endpoint.host}:{endpoint.port}/")
        return self.signer.header(origin)


class Encryptor:
    """Thread-safe: nothing is written to the `WebPush` object after it is made."""

    def __init__(self, signer: VapidSigner, ttl: int):
        self._webpush = WebPush(
            private_key=signer.keys.private_pem, public_key=signer.keys.public_pem, subscriber=signer.subject, ttl=ttl
        )
        self._webpush.vapid = CachedVapid(signer)

    def encrypt(self, payload: bytes, endpoint: str, p256dh: str, auth: str) -> tuple[bytes, str]:
        """(the encrypted body, the Authorization header); ValueError for keys that are no keys."""
        if len(payload) > MAX_PAYLOAD:
            raise PayloadTooLarge(f"payload is {len(payload)} bytes; push services accept {MAX_PAYLOAD}")
        subscription = WebPushSubscription(endpoint=endpoint, keys=WebPushKeys(p256dh=p256dh, auth=auth))
        message = self._webpush.get(payload, subscription)
        return message.encrypted, message.headers["authorization"]
