"""A push service on loopback for tests: hands out subscriptions, checks VAPID, decrypts payloads.

    with PushService(vapid_public_key=load_keys(app).public_key) as push:
        subscription = push.subscribe()          # {"endpoint", "keys": {"p256dh", "auth"}}
        push.script(503, 201)                    # answers for the next requests; then `default` (201)
        ...
        delivery = push.wait_for(1)[0]
        delivery.json, delivery.status, delivery.headers["TTL"], delivery.claims["aud"]

`PushService(tls=make_certificate(tmp_path))` serves https (the certificate's file is the client's
CA file). Answers: an int status; (429, {"Retry-After": "120"}) for a status with headers; "hang" for a
request that is never answered (until the service stops). A request whose VAPID token does not
verify (ES256 against the expected key, aud = this origin with its port, exp in the future and at
most 24 h ahead, sub present) is answered 401 and listed in `errors`, as real services do.
Also a pytest fixture, `push_service`, bound to the test app's VAPID key:
`from tests.push_service import push_service  # noqa: F401`.
"""

import base64
import datetime as dt
import ipaddress
import json
import os
import ssl
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import http_ece
import jwt
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat
from cryptography.x509.oid import NameOID

from server.push import load_keys


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def make_certificate(directory: Path) -> tuple[str, str]:
    """A self-signed certificate for 127.0.0.1 (its own CA): (certificate file, key file)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = Path(directory) / "push-cert.pem", Path(directory) / "push-key.pem"
    cert_path.write_bytes(cert.public_bytes(Encoding.PEM))
    key_path.write_bytes(key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()))
    return str(cert_path), str(key_path)


@dataclass
class Delivery:
    endpoint: str
    status: int
    headers: dict
    claims: dict | None = None
    payload: bytes | None = None
    received_at: float = field(default_factory=time.monotonic)

    @property
    def json(self) -> dict:
        return json.loads(self.payload)


class PushService:
    def __init__(self, vapid_public_key: str | None = None, default=201, tls: tuple[str, str] | None = None):
        self.vapid_public_key = vapid_public_key
        self.tls = tls
        self.default = default
        self.requests: list[Delivery] = []
        self.errors: list[str] = []
        self.tokens: set[str] = set()
        self._answers: list = []
        self._keys: dict[str, tuple[ec.EllipticCurvePrivateKey, bytes]] = {}
        self._lock = threading.Lock()
        self._arrived = threading.Condition(self._lock)
        self._release = threading.Event()
        self._server: ThreadingHTTPServer | None = None

    # -- lifecycle -------------------------------------------------------------------------
    def __enter__(self) -> "PushService":
        service = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                status, extra = service._handle(self.path, dict(self.headers.items()), body)
                if status is None:
                    service._release.wait(60)
                    self.close_connection = True
                    return
                self.send_response(status)
                for name, value in extra.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        if self.tls:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*self.tls)
            self._server.socket = context.wrap_socket(self._server.socket, server_side=True)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self._release.set()
        self._server.shutdown()
        self._server.server_close()

    @property
    def origin(self) -> str:
        scheme = "https" if self.tls else "http"
        return f"{scheme}://127.0.0.1:{self._server.server_address[1]}"

    # -- subscriptions and scripting -------------------------------------------------------
    def subscribe(self) -> dict:
        """A new subscription as `PushSubscription.toJSON()` gives it (keys made here)."""
        private_key = ec.generate_private_key(ec.SECP256R1())
        auth = os.urandom(16)
        token = _b64(os.urandom(12))
        self._keys[f"/push/{token}"] = (private_key, auth)
        public = private_key.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
        return {"endpoint": f"{self.origin}/push/{token}", "keys": {"p256dh": _b64(public), "auth": _b64(auth)}}

    def script(self, *answers) -> None:
        with self._lock:
            self._answers.extend(answers)

    def delivered(self, endpoint: str | None = None) -> list[Delivery]:
        with self._lock:
            return [d for d in self.requests if 200 <= d.status < 300 and endpoint in (None, d.endpoint)]

    def wait_for(self, count: int, timeout: float = 5.0, endpoint: str | None = None) -> list[Delivery]:
        """Wait until `count` payloads were accepted (2xx); returns them."""
        deadline = time.monotonic() + timeout
        with self._arrived:
            while True:
                found = [d for d in self.requests if 200 <= d.status < 300 and endpoint in (None, d.endpoint)]
                if len(found) >= count or time.monotonic() >= deadline:
                    return found
                self._arrived.wait(deadline - time.monotonic())

    # -- the push service itself -----------------------------------------------------------
    def _handle(self, path: str, headers: dict, body: bytes):
        headers = {k.title(): v for k, v in headers.items()}
        endpoint = self.origin + path
        claims, error = self._verify(headers.get("Authorization", ""))
        payload = None
        if error is None:
            keys = self._keys.get(path)
            if keys is None:
                error = f"unknown subscription {path}"
            else:
                try:
                    payload = http_ece.decrypt(body, private_key=keys[0], auth_secret=keys[1], version="aes128gcm")
                except Exception as failure:  # anything that does not decrypt is the sender's bug
                    error = f"payload does not decrypt: {failure!r}"
            if headers.get("Content-Encoding") != "aes128gcm":
                error = "Content-Encoding must be aes128gcm"
        with self._lock:
            if error is not None:
                self.errors.append(error)
                answer = 404 if error.startswith("unknown") else 401
            else:
                answer = self._answers.pop(0) if self._answers else self.default
            status, extra = answer if isinstance(answer, tuple) else (answer, {})
            status = None if status == "hang" else status
            self.requests.append(Delivery(endpoint, status or 0, headers, claims, payload))
            self._arrived.notify_all()
        return status, extra

    def _verify(self, authorization: str):
        if not authorization.startswith("vapid "):
            return None, "missing vapid Authorization"
        fields = dict(part.strip().split("=", 1) for part in authorization[6:].split(","))
        token, key = fields.get("t", ""), fields.get("k", "")
        if self.vapid_public_key and key != self.vapid_public_key:
            return None, "unexpected VAPID key"
        try:
            public_key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), _unb64(key))
            claims = jwt.decode(
                token,
                public_key,
                algorithms=["ES256"],
                audience=self.origin,
                options={"require": ["exp", "aud", "sub"]},
            )
        except (jwt.InvalidTokenError, ValueError) as failure:
            return None, f"VAPID token rejected: {failure}"
        if claims["exp"] > time.time() + 24 * 3600:
            return None, "VAPID token valid for more than 24 hours"
        if not str(claims["sub"]).startswith(("mailto:", "https:")):
            return None, "VAPID sub must be mailto: or https:"
        with self._lock:
            self.tokens.add(token)
        return claims, None


@pytest.fixture
def push_service(app):
    with PushService(vapid_public_key=load_keys(app).public_key) as service:
        yield service
