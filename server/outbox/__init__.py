"""Outgoing messages (e-mail now, chat posts next): stored in the transaction of the change that
causes them, sent after the commit, retried with backoff by whichever process runs next, claimed
by exactly one worker at a time. Part of the core: it knows carriers by kind, never features.

    outbox.enqueue("mail", address, payload, key="invite:12:1", ref="invite:12", organisation_id=3)
    outbox.register_sender(app, "channel", open_channel_transport)   # a carrier plugs in by kind
"""

from flask import Flask

from .claims import Pending
from .dispatcher import start, start_in_web, stop
from .models import OutboxMessage
from .service import (
    SENT,
    Result,
    Transport,
    attempt,
    cancel,
    deliver,
    enqueue,
    failed,
    failures,
    forget_target,
    latest_by_ref,
    message,
    register_sender,
    retry,
    to_target,
    untried,
    waiting,
)

__all__ = [
    "SENT",
    "OutboxMessage",
    "Pending",
    "Result",
    "Transport",
    "attempt",
    "cancel",
    "deliver",
    "enqueue",
    "failed",
    "failures",
    "forget_target",
    "latest_by_ref",
    "message",
    "register",
    "register_sender",
    "retry",
    "start",
    "stop",
    "to_target",
    "untried",
    "waiting",
]


def register(app: Flask) -> None:
    start_in_web(app)
