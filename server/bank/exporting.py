"""Taking the bank out: the organisation's bank, or one person's saved list, as a Netscape bookmark
file that browsers, linkding, Raindrop and this bank itself read back in."""

from collections import defaultdict

from sqlalchemy import select

from ..clock import as_utc
from ..extensions import db
from . import bookmarks
from .models import Resource, ResourceTag, Save, Tag

CHUNK = 500


def _tags_of(ids: list[int]) -> dict[int, list[str]]:
    tags = defaultdict(list)
    for start in range(0, len(ids), CHUNK):
        rows = db.session.execute(
            select(ResourceTag.resource_id, Tag.name)
            .join(Tag, Tag.id == ResourceTag.tag_id)
            .where(ResourceTag.resource_id.in_(ids[start : start + CHUNK]))
            .order_by(Tag.name)
        )
        for resource_id, name in rows:
            tags[resource_id].append(name)
    return tags


def _rows(pairs: list[tuple[Resource, object]]) -> list[dict]:
    """(resource, when it was added to this list) → the rows `bookmarks.write` takes."""
    tags = _tags_of([resource.id for resource, _ in pairs])
    return [
        {
            "url": r.url,
            "title": r.title,
            "description": r.description,
            "kind": r.kind,
            "tags": tags[r.id],
            "added": as_utc(added).timestamp(),
        }
        for r, added in pairs
    ]


def bank_file(organisation_id: int, title: str) -> str:
    resources = db.session.scalars(
        select(Resource)
        .where(Resource.organisation_id == organisation_id, Resource.removed_at.is_(None))
        .order_by(Resource.id)
    ).all()
    return bookmarks.write(_rows([(r, r.created_at) for r in resources]), title)


def saved_file(user, title: str) -> str:
    rows = db.session.execute(
        select(Resource, Save.created_at)
        .join(Save, Save.resource_id == Resource.id)
        .where(Save.user_id == user.id, Resource.removed_at.is_(None))
        .order_by(Save.created_at, Resource.id)
    ).all()
    return bookmarks.write(_rows(list(rows)), title)
