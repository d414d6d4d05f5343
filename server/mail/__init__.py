"""Outgoing e-mail through any SMTP relay: messages rendered from templates in the recipient's
language, written to the outbox with the change that causes them, carried by `smtp.py`.

Part of the core; features call `mail.send(...)` (and `mail.enabled()` to know whether e-mail is set
up at all). Without `SMTP_URL` nothing is written and nothing is sent.
"""

from flask import Flask

from .. import outbox
from ..clock import iso
from ..extensions import api
from ..privacy import register_personal_data
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


def _export(user) -> list[dict]:
    return [
        {"what": (m.payload or {}).get("template"), "state": m.state, "written_at": iso(m.created_at)}
        for m in outbox.to_target("mail", user.email)
    ]


def _erase(user) -> None:
    outbox.forget_target(user.email)


def register(app: Flask) -> None:
    outbox.register_sender(app, "mail", open_transport)
    api.register_blueprint(routes.blp)
    # E-mails keep the person's address (and their name, in the message): theirs to see and to erase.
    register_personal_data(app, "emails", _export, _erase)
