"""A real SMTP server on loopback (aiosmtpd) for the e-mail tests: every message it accepts is kept
as bytes and parsed back with the standard library's `email`, and the test decides what it answers."""

import email
import email.policy
import re
import socket
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller

from server import mail

LINK = re.compile(r"https?://[^\s<>\"']+")


@dataclass
class Received:
    sender: str
    recipients: list[str]
    raw: bytes
    message: EmailMessage

    def part(self, subtype: str) -> str:
        return self.message.get_body((subtype,)).get_content()

    @property
    def text(self) -> str:
        return self.part("plain")

    @property
    def html(self) -> str:
        return self.part("html")

    def links(self) -> list[str]:
        return LINK.findall(self.text)

    def link_to(self, path_start: str) -> str:
        found = [link for link in self.links() if path_start in link]
        assert found, f"no link with {path_start} in:\n{self.text}"
        return found[0]


class _Handler:
    def __init__(self, relay: "Relay"):
        self.relay = relay

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        with self.relay.lock:
            self.relay.connections += 1
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        answer = self.relay.refusals.get(address.lower())
        if answer:
            return answer
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or envelope.content
        parsed = email.message_from_bytes(raw, policy=email.policy.default)
        with self.relay.lock:
            self.relay.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), raw, parsed))
            self.relay.arrived.notify_all()
        return "250 2.0.0 Accepted"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Relay:
    """`refuse(address, "550 5.1.1 No such mailbox")` answers RCPT so; `stop()`/`start()` take it
    away and bring it back on the same port."""

    def __init__(self):
        self.port = free_port()
        self.lock = threading.Lock()
        self.arrived = threading.Condition(self.lock)
        self.received: list[Received] = []
        self.refusals: dict[str, str] = {}
        self.connections = 0
        self.controller: Controller | None = None

    def start(self) -> "Relay":
        self.controller = Controller(
            _Handler(self), hostname="127.0.0.1", port=self.port, enable_SMTPUTF8=True, ready_timeout=5
        )
        self.controller.start()
        return self

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def refuse(self, address: str, answer: str) -> None:
        self.refusals[address.lower()] = answer

    def wait_for(self, count: int, timeout: float = 5.0) -> list[Received]:
        deadline = time.monotonic() + timeout
        with self.lock:
            while len(self.received) < count and time.monotonic() < deadline:
                self.arrived.wait(deadline - time.monotonic())
            assert len(self.received) >= count, f"{len(self.received)} of {count} messages arrived"
            return list(self.received)

    def to(self, address: str) -> list[Received]:
        with self.lock:
            return [r for r in self.received if address in r.recipients]


FROM = "Learning Hour <learning@acme.example>"


@contextmanager
def relay_for(app, public_url: str = "https://learning.acme.example"):
    """A running relay, and the app's e-mail pointed at it for the duration."""
    relay = Relay().start()
    app.extensions[mail.KEY] = mail.parse(f"smtp://127.0.0.1:{relay.port}", FROM, public_url, timeout=3)
    try:
        yield relay
    finally:
        relay.stop()
        app.extensions.pop(mail.KEY, None)  # read from the app's settings again: no e-mail


@pytest.fixture
def relay(app):
    with relay_for(app) as running:
        yield running
