"""A loopback HTTP proxy for the transport's tests: CONNECT tunnels (https endpoints) and
absolute-form requests (http endpoints), each one written down in `seen`."""

import socket
import threading
from urllib.parse import urlsplit

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from server.push import PushSender, SenderSettings, VapidKeys
from tests.push_service import PushService
from tests.relay import copy_until_closed


class LoopbackProxy:
    def __init__(self):
        self.seen: list[str] = []  # "CONNECT 127.0.0.1:4430", "POST http://127.0.0.1:8080/push/x"
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        threading.Thread(target=self._accept, daemon=True).start()

    def close(self) -> None:
        self.listener.close()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        with client:
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = client.recv(65536)
                if not chunk:
                    return
                data += chunk
            head, _, rest = data.partition(b"\r\n\r\n")
            method, target, _ = head.split(b"\r\n", 1)[0].decode().split(" ", 2)
            self.seen.append(f"{method} {target}")
            if method == "CONNECT":
                host, port = target.rsplit(":", 1)
                upstream = socket.create_connection((host, int(port)))
                client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
                self._pipe(client, upstream)
            else:  # one forwarded request per connection, then both are closed
                parts = urlsplit(target)
                length = int(
                    next(
                        (
                            line.split(b":", 1)[1]
                            for line in head.split(b"\r\n")
                            if line.lower().startswith(b"content-length:")
                        ),
                        b"0",
                    )
                )
                while len(rest) < length:
                    rest += client.recv(65536)
                first, _, headers = head.partition(b"\r\n")
                request = f"{method} {parts.path} HTTP/1.1\r\n".encode() + headers + b"\r\nConnection: close\r\n\r\n"
                answer = b""
                with socket.create_connection((parts.hostname, parts.port)) as upstream:
                    upstream.sendall(request + rest)
                    while chunk := upstream.recv(65536):
                        answer += chunk
                status, _, more = answer.partition(b"\r\n")
                client.sendall(status + b"\r\nConnection: close\r\n" + more)

    @staticmethod
    def _pipe(a: socket.socket, b: socket.socket) -> None:
        other = threading.Thread(target=copy_until_closed, args=(b, a), daemon=True)
        other.start()
        copy_until_closed(a, b)
        other.join(5)
        b.close()


@pytest.fixture
def proxy():
    server = LoopbackProxy()
    yield server
    server.close()


@pytest.fixture
def make_sender():
    """Senders with short timeouts and backoff (closed after the test): `make_sender(keys=None, **settings)`."""
    made = []

    def make(keys: VapidKeys | None = None, **settings) -> PushSender:
        values = {"timeout": 0.6, "connect_timeout": 0.5, "backoff_base": 0.02, "backoff_cap": 0.1, **settings}
        sender = PushSender(
            keys or VapidKeys(ec.generate_private_key(ec.SECP256R1())),
            "mailto:ops@example.com",
            SenderSettings(**values),
        )
        made.append(sender)
        return sender

    yield make
    for sender in made:
        sender.close()


@pytest.fixture
def service_for():
    """Loopback push services bound to a sender's VAPID key: `service_for(sender, **options)`."""
    running = []

    def start(sender: PushSender, **options) -> PushService:
        service = PushService(vapid_public_key=sender.signer.keys.public_key, **options).__enter__()
        running.append(service)
        return service

    yield start
    for service in running:
        service.__exit__(None, None, None)
