"""Hosting: volunteering for a session nobody hosts yet, and the host's preparation time, logged once."""

import uuid

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..clock import local_today
from ..errors import RuleError
from ..extensions import db
from ..log import service as log
from .models import KnowledgeSession

# Attendance and preparation entries get ids made from this namespace, the session and the person:
# the same id every time, so logging twice logs once; the name inside keeps the two apart.
NAMESPACE = uuid.UUID("6f1d3c2e-6a53-5b1e-9f3a-2c4b7d8e9a10")


def volunteer(user, session: KnowledgeSession) -> KnowledgeSession:
    """ "I'll host": take a session that has no host yet (a series' next one, say)."""
    if session.cancelled_at is not None:
        raise RuleError("session", _l("This session is cancelled."), 409)
    if session.host_id not in (None, user.id):
        raise RuleError("host_id", _l("Someone is already hosting this session."), 409)
    session.host_id = user.id
    db.session.flush()
    return session


def preparation_entry_id(session_id: int, user_id: int) -> str:
    return str(uuid.uuid5(NAMESPACE, f"knowledge-session-preparation:{session_id}:{user_id}"))


def log_preparation(user, session: KnowledgeSession, minutes: int):
    """The host logs the time they spent preparing, once (today, their own minutes): `(entry, created)`."""
    if session.host_id != user.id:
        raise RuleError("session", _l("Only the host logs preparation time."), 403)
    return log.log_knowledge_session(
        user,
        entry_id=preparation_entry_id(session.id, user.id),
        date=local_today(user.timezone),
        minutes=minutes,
        title=_("Preparing: %(title)s", title=session.title),
    )
