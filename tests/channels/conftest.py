"""The channel tests' world: a loopback receiver standing in for Teams and Slack, and an app beside the
suite's own (same database) that may post to it and takes Slack's signed requests."""

import hashlib
import hmac
from contextlib import contextmanager
from urllib.parse import urlencode

import pytest

from server import create_app, outbox
from server.channels import service
from server.clock import utcnow
from server.extensions import db
from tests.channels.receiver import running
from tests.support import PASSWORD, ApiClient, IsolatedClient

SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
PUBLIC_URL = "https://learning.acme.example"


@pytest.fixture(scope="session")
def receiver_running():
    with running() as receiver:
        yield receiver


@pytest.fixture
def receiver(receiver_running):
    receiver_running.reset()
    yield receiver_running
    receiver_running.reset()


@pytest.fixture(scope="session")
def channel_app(app, app_config, receiver_running):
    """Depends on `app`: that one made the schema, and each test's clean-up empties it."""
    made = create_app(
        app_config
        | {
            "CHANNEL_ALLOWED_URLS": f"{receiver_running.base}/,https://hooks.slack.com/",
            "LINK_FETCH_ALLOW_PRIVATE": True,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "PUBLIC_URL": PUBLIC_URL,
        }
    )
    made.test_client_class = IsolatedClient
    yield made
    with made.app_context():  # its pooled connections closed here, not by the garbage collector mid-test
        db.engine.dispose()


@contextmanager
def inside(flask_app):
    """Run in `flask_app`'s own context (its settings, its senders), with a session of its own."""
    with flask_app.app_context():
        try:
            yield
        finally:
            db.session.remove()


@pytest.fixture
def deliver(channel_app):
    """What a worker of the channel app does: send whatever is due."""

    def run() -> dict:
        with inside(channel_app):
            return outbox.deliver()

    return run


@pytest.fixture
def add_channel(channel_app, receiver_running):
    """A channel of `admin`'s organisation pointing at the receiver (`/teams/…` or `/slack/…`)."""

    def add(admin, kind: str = "teams", *, events=("sessions", "lessons", "shelf"), locale: str = "en", path=None):
        with inside(channel_app):
            data = {"kind": kind, "url": receiver_running.url(path or f"/{kind}/hook-{kind}"), "events": list(events)}
            channel = service.add_channel(db.session.merge(admin), data | {"locale": locale}, "http://ignored.example/")
            db.session.commit()
            return channel.id

    return add


def sign(body: bytes, *, timestamp: int | None = None, secret: str = SIGNING_SECRET) -> dict:
    """The headers Slack sends with `body`: v0 HMAC-SHA256 over `v0:{timestamp}:{body}`."""
    timestamp = int(utcnow().timestamp()) if timestamp is None else timestamp
    base = b"v0:" + str(timestamp).encode() + b":" + body
    digest = hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": str(timestamp), "X-Slack-Signature": f"v0={digest}"}


def command_body(text: str, *, team: str = "T0ACME", user: str = "U0ERIK", response_url: str = "") -> bytes:
    return urlencode(
        {
            "token": "deprecated",
            "team_id": team,
            "team_domain": "acme",
            "channel_id": "C0LEARN",
            "user_id": user,
            "user_name": "erik",
            "command": "/learninghour",
            "text": text,
            "response_url": response_url,
            "trigger_id": "1.2.3",
            "api_app_id": "A0APP",
        }
    ).encode()


@pytest.fixture
def channel_login(channel_app):
    """Sign in on the channel app (its PUBLIC_URL makes the links in posts)."""

    def sign_in(user) -> ApiClient:
        api = ApiClient(channel_app.test_client())
        response = api.post("/api/v1/auth/login", json={"email": user.email, "password": PASSWORD})
        assert response.status_code == 200, response.get_json()
        api.csrf_token = response.get_json()["csrf_token"]
        return api

    return sign_in
