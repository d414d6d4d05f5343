"""What colleagues found worth an hour lately: the resources most saved and most often marked
"worth it" since a moment (the Bank screen's shelf: the last seven days; the Monday digest too)."""

from datetime import datetime

from sqlalchemy import func, literal, select, union_all

from ..clock import as_utc
from ..extensions import db
from .models import Reaction, Resource, Save


def popular_since(organisation_id: int, since: datetime, limit: int = 5) -> list[tuple[Resource, int, int]]:
    """[(resource, saves, worth-it reactions)] since `since`, most of both first (ties: the newer
    resource first). Only the organisation's visible resources count."""
    since = as_utc(since)
    events = union_all(
        select(Save.resource_id.label("resource_id"), literal(1).label("saved"), literal(0).label("reacted")).where(
            Save.created_at >= since
        ),
        select(Reaction.resource_id, literal(0), literal(1)).where(Reaction.created_at >= since),
    ).subquery()
    saves, reactions = func.sum(events.c.saved), func.sum(events.c.reacted)
    rows = db.session.execute(
        select(events.c.resource_id, saves, reactions)
        .join(Resource, Resource.id == events.c.resource_id)
        .where(Resource.organisation_id == organisation_id, Resource.removed_at.is_(None))
        .group_by(events.c.resource_id)
        .order_by((saves + reactions).desc(), events.c.resource_id.desc())
        .limit(limit)
    ).all()
    resources = {r.id: r for r in db.session.scalars(select(Resource).where(Resource.id.in_([row[0] for row in rows])))}
    return [(resources[resource_id], int(saved), int(reacted)) for resource_id, saved, reacted in rows]
