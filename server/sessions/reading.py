"""Resources from the bank to read (or hear, or watch) before a session, in the host's order."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..bank import service as bank
from ..errors import RuleError
from ..extensions import db
from .models import SessionResource

MAX_RESOURCES = 10


def set_resources(user, session, resource_ids: list[int]) -> None:
    """Replace the session's reading list; each must be in the organisation's bank."""
    ids = list(dict.fromkeys(resource_ids))[:MAX_RESOURCES]
    for resource_id in ids:
        if not bank.resource_visible(user.organisation_id, resource_id):
            raise RuleError("resource_ids", _l("No such resource in your organisation's bank."))
    forget_session(session.id)
    for position, resource_id in enumerate(ids):
        db.session.add(SessionResource(session_id=session.id, resource_id=resource_id, position=position))
    db.session.flush()


def forget_session(session_id: int) -> None:
    db.session.execute(db.delete(SessionResource).where(SessionResource.session_id == session_id))


def resources_of(session_ids) -> dict[int, list[dict]]:
    """{session id: [{id, title, kind, url, duration_minutes}]}, removed resources left out."""
    ids = list(set(session_ids))
    found: dict[int, list[dict]] = {i: [] for i in ids}
    if not ids:
        return found
    links = db.session.execute(
        select(SessionResource.session_id, SessionResource.resource_id)
        .where(SessionResource.session_id.in_(ids))
        .order_by(SessionResource.session_id, SessionResource.position)
    ).all()
    summaries = bank.resource_summaries(resource_id for _, resource_id in links)
    for session_id, resource_id in links:
        summary = summaries.get(resource_id)
        if summary and not summary["removed"]:
            found[session_id].append(summary)
    return found
