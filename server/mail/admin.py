"""The admin's view of e-mail: whether it is set up, a test message, and what could not be sent."""

import secrets

from flask import current_app
from flask_babel import lazy_gettext as _l

from .. import outbox
from ..errors import RuleError
from ..fields import View
from .outgoing import send
from .settings import problem, settings_for


def status(organisation_id: int) -> dict:
    settings = settings_for()
    return {
        "enabled": settings is not None,
        "relay": settings.relay if settings else None,
        "sender": str(settings.sender) if settings else None,
        "public_url": settings.public_url if settings else (current_app.config.get("PUBLIC_URL") or None),
        "problem": problem(),
        "waiting": outbox.waiting(organisation_id, "mail"),
        "failures": [View(m, what=(m.payload or {}).get("template")) for m in outbox.failures(organisation_id, "mail")],
    }


def send_test(admin, to: str | None) -> dict:
    """A test message to `to` (the admin's own address by default), sent right after the commit."""
    if settings_for() is None:
        raise RuleError("to", _l("E-mail is not set up on this server."), 409)
    to = to or admin.email
    message_id = send(
        "test",
        to,
        locale=admin.locale,
        context={"sender": admin.name},
        key=f"test:{admin.id}:{secrets.token_hex(8)}",
        name=admin.name if to == admin.email else None,
        organisation_id=admin.organisation_id,
    )
    return {"id": message_id, "to": to, "state": "queued"}
