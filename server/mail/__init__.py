"""Outgoing e-mail through any SMTP relay: messages rendered from templates in the recipient's
language, written to the outbox with the change that causes them, carried by `smtp.py`.

Part of the core; features call `mail.send(...)` (and `mail.enabled()` to know whether e-mail is set
up at all). Without `SMTP_URL` nothing is written and nothing is sent.
"""

from flask import Flask

from .. import outbox
from ..extensions import api
from . import routes
from .outgoing import enabled, open_transport, send
from .settings import KEY, MailSettings, MailSettingsError, parse, problem, settings_for

__all__ = [
    "KEY",
    "MailSettings",
    "MailSettingsError",
    "enabled",
    "parse",
    "problem",
    "register",
    "send",
    "settings_for",
]


def register(app: Flask) -> None:
    outbox.register_sender(app, "mail", open_transport)
    api.register_blueprint(routes.blp)
