"""Web Push transport (RFC 8030, 8291, 8292): encrypt, sign with VAPID, `send(messages) -> outcomes`.

Part of the core: it knows push services, not reminders. Features build `Message`s and read the
`Outcome`s; what an outcome means for a subscription is theirs to decide.
"""

from flask import Flask, current_app

from .endpoints import Endpoint, InvalidEndpoint, endpoint_allowed, origin_of, parse_endpoint
from .message import MAX_PAYLOAD, Message, Outcome, PayloadTooLarge, SenderSettings
from .sender import PushSender
from .vapid import VapidKeys, b64url, b64url_decode, load_keys

__all__ = [
    "MAX_PAYLOAD",
    "Endpoint",
    "InvalidEndpoint",
    "Message",
    "Outcome",
    "PayloadTooLarge",
    "PushSender",
    "SenderSettings",
    "VapidKeys",
    "b64url",
    "b64url_decode",
    "endpoint_allowed",
    "load_keys",
    "origin_of",
    "parse_endpoint",
    "send",
    "sender_for",
    "sender_settings",
]

SETTINGS = {  # config / environment name (server.config.PUSH_SETTINGS) -> (SenderSettings field, type)
    "PUSH_TTL_SECONDS": ("ttl", int),
    "PUSH_TIMEOUT_SECONDS": ("timeout", float),
    "PUSH_CONNECT_TIMEOUT_SECONDS": ("connect_timeout", float),
    "PUSH_CONNECTIONS_PER_ORIGIN": ("connections_per_origin", int),
    "PUSH_STREAMS_PER_ORIGIN": ("streams_per_origin", int),
    "PUSH_MAX_ATTEMPTS": ("max_attempts", int),
    "PUSH_BACKOFF_SECONDS": ("backoff_base", float),
    "PUSH_DEFAULT_PAUSE_SECONDS": ("default_pause", float),
    "PUSH_CA_FILE": ("ca_file", str),
}


def sender_settings(config) -> SenderSettings:
    values = {}
    for name, (attribute, kind) in SETTINGS.items():
        value = config.get(name)
        if value not in (None, ""):
            values[attribute] = kind(value)
    return SenderSettings(**values)


def sender_for(app: Flask | None = None) -> PushSender:
    """One sender per app: its VAPID headers and kept-alive connections are reused across runs."""
    app = app or current_app._get_current_object()
    sender = app.extensions.get("push.sender")
    if sender is None:
        sender = PushSender(load_keys(app), app.config["VAPID_SUBJECT"], sender_settings(app.config))
        app.extensions["push.sender"] = sender
    return sender


def send(messages: list[Message], paused: set[str] = frozenset()) -> list[Outcome]:
    """Deliver the messages with the app's sender (`paused`: origins not to try now)."""
    return sender_for().send(messages, paused)
