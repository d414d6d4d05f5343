"""VAPID: the server's P-256 key pair and the signed tokens that identify us to push services.

The private key comes from `VAPID_PRIVATE_KEY` (PEM, or the raw 32-byte scalar in base64url) or is
generated once and kept under the instance folder (mode 0600). Tokens are signed per push-service
origin (the JWT audience keeps a non-default port) and reused until about an hour before they expire.
"""

import base64
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from flask import Flask

from .endpoints import Endpoint

KEY_FILE = "vapid_private_key.pem"
TOKEN_LIFETIME = 12 * 3600
RENEW_BEFORE = 3600


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass(frozen=True)
class VapidKeys:
    private_key: ec.EllipticCurvePrivateKey

    @property
    def private_pem(self) -> bytes:
        return self.private_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )

    @property
    def public_pem(self) -> bytes:
        return self.private_key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )

    @property
    def public_key(self) -> str:
        """The uncompressed point in base64url: the browser's `applicationServerKey`."""
        return b64url(
            self.private_key.public_key().public_bytes(
                serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
            )
        )


def parse_private_key(text: str) -> ec.EllipticCurvePrivateKey:
    text = text.strip()
    if text.startswith("-----BEGIN"):
        key = serialization.load_pem_private_key(text.encode(), password=None)
    else:
        key = ec.derive_private_key(int.from_bytes(b64url_decode(text), "big"), ec.SECP256R1())
    if not isinstance(key, ec.EllipticCurvePrivateKey) or not isinstance(key.curve, ec.SECP256R1):
        raise ValueError("VAPID_PRIVATE_KEY must be a P-256 key")
    return key


def _stored_key(directory: Path) -> ec.EllipticCurvePrivateKey:
    path = directory / KEY_FILE
    if not path.exists():
        directory.mkdir(parents=True, exist_ok=True)
        pem = VapidKeys(ec.generate_private_key(ec.SECP256R1())).private_pem
        try:
            # O_EXCL: when two processes start at once, exactly one writes and both read its key.
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "wb") as handle:
                handle.write(pem)
    return parse_private_key(path.read_text())


def load_keys(app: Flask) -> VapidKeys:
    """The app's key pair, loaded once per app."""
    keys = app.extensions.get("push.vapid")
    if keys is None:
        configured = app.config.get("VAPID_PRIVATE_KEY")
        if configured:
            keys = VapidKeys(parse_private_key(configured))
        else:
            directory = Path(app.config.get("VAPID_INSTANCE_DIR") or app.instance_path)
            keys = VapidKeys(_stored_key(directory))
        app.extensions["push.vapid"] = keys
    return keys


class VapidSigner:
    """One `Authorization: vapid t=…, k=…` header per push-service origin, renewed before expiry.

    Thread-safe; `signatures` counts how many tokens were actually signed."""

    def __init__(self, keys: VapidKeys, subject: str, lifetime: int = TOKEN_LIFETIME, renew_before: int = RENEW_BEFORE):
        if not subject.startswith(("mailto:", "https://")):
            raise ValueError("VAPID_SUBJECT must be a mailto: or https: URL")
        self.keys = keys
        self.subject = subject
        self.lifetime = lifetime
        self.renew_before = renew_before
        self.signatures = 0
        self._cache: dict[str, tuple[str, float]] = {}
        self._lock = threading.Lock()

    def header(self, endpoint: Endpoint) -> str:
        origin, now = endpoint.origin, time.time()
        with self._lock:
            cached = self._cache.get(origin)
            if cached and cached[1] - now > self.renew_before:
                return cached[0]
            expires = int(now) + self.lifetime
            token = jwt.encode(
                {"aud": endpoint.audience, "exp": expires, "sub": self.subject},
                self.keys.private_key,
                algorithm="ES256",
            )
            value = f"vapid t={token}, k={self.keys.public_key}"
            self._cache[origin] = (value, expires)
            self.signatures += 1
            return value
