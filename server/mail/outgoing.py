"""What features call: `send(...)` writes an e-mail to the outbox in the current transaction;
`enabled()` tells whether e-mail is set up at all."""

from flask import Flask

from .. import outbox
from .settings import settings_for
from .smtp import SmtpTransport


def enabled() -> bool:
    return settings_for() is not None


def send(
    template: str,
    to: str,
    *,
    locale: str,
    context: dict,
    key: str,
    name: str | None = None,
    ref: str | None = None,
    organisation_id: int | None = None,
    unsubscribe: str | None = None,
) -> int | None:
    """Write an e-mail to the outbox in the current transaction: `template` (a pair of files under
    templates/) rendered in `locale` with `context` (JSON: what it says, paths for `link()`) when it
    goes; `unsubscribe` the path of its one-click unsubscribe page. `key` stores it once however
    often this is called. None when e-mail is off (or `key` was written before)."""
    if not enabled():
        return None
    payload = {"template": template, "locale": locale, "name": name, "context": context, "unsubscribe": unsubscribe}
    return outbox.enqueue("mail", to, payload, key=f"mail:{key}", ref=ref, organisation_id=organisation_id)


def open_transport(app: Flask) -> SmtpTransport | None:
    settings = settings_for(app)
    return SmtpTransport(settings) if settings is not None else None
