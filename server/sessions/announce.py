"""What features above sessions hear: each newly planned upcoming session (channels post it).

A hook rather than an import, as accounts offers `register_access_end`: sessions cannot know who listens.
"""

from collections.abc import Callable

from flask import Flask, current_app

from ..clock import as_utc, utcnow
from .models import KnowledgeSession

Planned = Callable[[KnowledgeSession], None]  # (a new upcoming session) -> writes in the same transaction


def register_on_planned(app: Flask, hear: Planned) -> None:
    """`hear(session)` runs in the transaction that plans the session: what it writes is stored exactly
    when the session is. Sessions a series makes later on its own are not announced one by one; the
    series is, with its first session. Sessions planned in the past (to log attendance) are not."""
    app.extensions.setdefault("sessions.on_planned", []).append(hear)


def announce(session: KnowledgeSession) -> None:
    if as_utc(session.starts_at) > utcnow():
        for hear in current_app.extensions.get("sessions.on_planned", []):
            hear(session)
