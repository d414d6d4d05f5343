"""Recording and reading the audit trail. Services of the features that change people, teams,
invitations and settings call `record` with whoever acted; admins read the trail newest first.

Events older than `AUDIT_RETENTION_DAYS` are removed as new ones are written, so the trail keeps
what the organisation said it would keep, no more.
"""

from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, select

from ..clock import iso, utcnow
from ..extensions import db
from ..fields import View
from ..pagination import cursor_id, decode_cursor, encode_cursor
from .models import AuditEvent

COMMAND_LINE = "command line"
DELETED = "Deleted user"


def record(
    actor,
    action: str,
    *,
    target_type: str,
    target_id: int | None = None,
    target_name: str = "",
    organisation_id: int | None = None,
    details: dict | None = None,
) -> None:
    """`actor` is the User who acted, or None for the command line (then give `organisation_id`)."""
    record_many(
        actor,
        [
            {
                "action": action,
                "target_type": target_type,
                "target_id": target_id,
                "target_name": target_name,
                "details": details,
            }
        ],
        organisation_id=organisation_id,
    )


def record_many(actor, events: list[dict], *, organisation_id: int | None = None) -> None:
    """Several events by one actor at once (the directory changing a thousand memberships), each
    a dict of `record`'s keyword arguments; old events are pruned once, not once per event."""
    organisation_id = organisation_id or actor.organisation_id
    for event in events:
        db.session.add(
            AuditEvent(
                organisation_id=organisation_id,
                actor_id=actor.id if actor else None,
                actor_name=actor.name if actor else COMMAND_LINE,
                action=event["action"],
                target_type=event["target_type"],
                target_id=event.get("target_id"),
                target_name=(event.get("target_name") or "")[:254],
                details=event.get("details") or {},
            )
        )
    cutoff = utcnow() - timedelta(days=current_app.config["AUDIT_RETENTION_DAYS"])
    db.session.execute(delete(AuditEvent).where(AuditEvent.organisation_id == organisation_id, AuditEvent.at < cutoff))


def changes(before: dict, after: dict) -> dict:
    """{setting: [old, new]} for what actually changed."""
    return {key: [before.get(key), value] for key, value in after.items() if before.get(key) != value}


def page(organisation_id: int, *, limit: int = 50, cursor: str | None = None) -> tuple[list[View], str | None]:
    """The newest events first; each reads its actor and target from its own columns."""
    query = select(AuditEvent).where(AuditEvent.organisation_id == organisation_id)
    state = decode_cursor(cursor)
    if state:
        query = query.where(AuditEvent.id < cursor_id(state.get("a")))
    rows = list(db.session.scalars(query.order_by(AuditEvent.id.desc()).limit(limit + 1)))
    next_cursor = encode_cursor({"a": rows[limit - 1].id}) if len(rows) > limit else None
    return [View(event, actor=event, target=event) for event in rows[:limit]], next_cursor


def export_personal_data(user) -> list[dict]:
    """What the person did as an admin or manager."""
    rows = db.session.scalars(select(AuditEvent).where(AuditEvent.actor_id == user.id).order_by(AuditEvent.id))
    return [{"at": iso(e.at), "action": e.action, "target": e.target_name, "details": e.details} for e in rows]


def erase_personal_data(user) -> None:
    """The record of what was done stays; the deleted person's name leaves it."""
    db.session.execute(AuditEvent.__table__.update().where(AuditEvent.actor_id == user.id).values(actor_name=DELETED))
    db.session.execute(
        AuditEvent.__table__.update()
        .where(AuditEvent.target_type == "person", AuditEvent.target_id == user.id)
        .values(target_name=DELETED)
    )
