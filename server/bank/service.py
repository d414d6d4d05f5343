"""Bank rules: editing, removing, and what other features ask; the one door to the bank's rules.

Adding (duplicates, link previews) lives in `adding.py`, imports and exports in `importing.py` and
`bookmarks.py`, saves, reactions and comments in `social.py`, browsing and search in `browse.py`,
the week's most popular in `popular.py`.
"""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update

from ..clock import as_utc, utcnow
from ..errors import RuleError, found
from ..extensions import db
from .adding import (  # noqa: F401  (one door)
    add_resource,
    add_unread,
    change_link,
    fill_from_page,
    find_by_key,
    preview,
    set_tags,
)
from .adding import tag_names as topic_names  # noqa: F401  (other features' topics are tags spelled alike)
from .models import KINDS, Resource, ResourceTag, Save, Tag  # noqa: F401  (KINDS: for the app's lists)
from .popular import popular_since
from .search import refresh as refresh_search

EDITABLE = ("kind", "title", "description", "starts_at", "duration_minutes")


def visible_resource(viewer, resource_id: int) -> Resource:
    """A resource in the bank of the viewer's organisation (not removed), or a 404."""
    resource = db.session.get(Resource, resource_id)
    if resource is None or resource.organisation_id != viewer.organisation_id or resource.removed_at is not None:
        resource = None
    return found(resource, "resource_id", _l("No such resource."))


def may_edit(user, resource: Resource) -> bool:
    return user.is_admin or (resource.shared_by_id is not None and resource.shared_by_id == user.id)


def update_resource(user, resource: Resource, changes: dict) -> Resource:
    if not may_edit(user, resource):
        raise RuleError("resource", _l("Only the person who shared it or an admin can change it."), 403)
    if "url" in changes:
        change_link(resource, changes["url"])
    for key in EDITABLE:
        if key in changes:
            value = changes[key]
            if key == "title":
                value = value.strip()
            elif key == "description":
                value = (value or "").strip() or None
            elif key == "starts_at":
                value = as_utc(value)
            setattr(resource, key, value)
    if "tags" in changes:
        set_tags(resource, changes["tags"])  # which refreshes the search text too
    else:
        refresh_search(resource)
    db.session.flush()
    return resource


def remove_resource(user, resource: Resource) -> None:
    """Soft delete: it leaves the bank, the time logged against it stays in everyone's totals."""
    if not may_edit(user, resource):
        raise RuleError("resource", _l("Only the person who shared it or an admin can remove it."), 403)
    resource.removed_at = utcnow()
    db.session.flush()


def bump(resource_id: int, **deltas: int) -> dict[str, int]:
    """Atomic counter changes; saves, logs and reactions all move the popularity score too.
    Returns the counters' new values (none when the resource is gone)."""
    values = {name: getattr(Resource, name) + delta for name, delta in deltas.items()}
    popular = sum(d for name, d in deltas.items() if name in ("save_count", "log_count", "reaction_count"))
    if popular:
        values["popularity"] = Resource.popularity + popular
    changed = db.session.execute(
        update(Resource)
        .where(Resource.id == resource_id)
        .values(**values)
        .returning(*(getattr(Resource, name) for name in deltas))
        .execution_options(synchronize_session=False)
    ).first()
    return dict(zip(deltas, changed, strict=True)) if changed else {}


# --- What other features call ----------------------------------------------------------------------


def resource_visible(organisation_id: int, resource_id: int) -> bool:
    return (
        db.session.scalar(
            select(Resource.id).where(
                Resource.id == resource_id, Resource.organisation_id == organisation_id, Resource.removed_at.is_(None)
            )
        )
        is not None
    )


def summary(resource: Resource) -> dict:
    return {
        "id": resource.id,
        "title": resource.title,
        "kind": resource.kind,
        "url": resource.url,
        "duration_minutes": resource.duration_minutes,
        "removed": resource.removed_at is not None,
    }


def resource_summaries(resource_ids) -> dict[int, dict]:
    ids = {int(i) for i in resource_ids if i is not None}
    if not ids:
        return {}
    return {r.id: summary(r) for r in db.session.scalars(select(Resource).where(Resource.id.in_(ids)))}


def note_logged_time(resource_id: int, entries_delta: int, minutes_delta: int) -> None:
    """Called by the log inside its own transaction; it commits, not us."""
    if resource_id is None or (not entries_delta and not minutes_delta):
        return
    bump(resource_id, log_count=entries_delta, logged_minutes=minutes_delta)


def interest_tags(user, also_resource_ids=()) -> dict[str, int]:
    """The tags of what this person saved, and of `also_resource_ids` (what they logged, say), each
    with how many of those resources carry it: what they are curious about."""
    ids = set(db.session.scalars(select(Save.resource_id).where(Save.user_id == user.id)))
    ids.update(int(i) for i in also_resource_ids if i is not None)
    if not ids:
        return {}
    uses = func.count(ResourceTag.resource_id)
    rows = db.session.execute(
        select(Tag.name, uses)
        .join(ResourceTag, ResourceTag.tag_id == Tag.id)
        .where(Tag.organisation_id == user.organisation_id, ResourceTag.resource_id.in_(sorted(ids)))
        .group_by(Tag.name)
    )
    return {name: int(count) for name, count in rows}


def saved_for_user(user, limit: int = 20) -> list[dict]:
    rows = db.session.execute(
        select(Resource, Save.created_at)
        .join(Save, Save.resource_id == Resource.id)
        .where(Save.user_id == user.id, Resource.removed_at.is_(None))
        .order_by(Save.created_at.desc(), Resource.id.desc())
        .limit(limit)
    ).all()
    return [{**summary(resource), "saved_at": as_utc(saved_at)} for resource, saved_at in rows]


def suggest_for(user, minutes_left: int, already_logged: set[int] = frozenset()) -> dict | None:
    """Something from the saved list that fits the minutes left, else a popular one the person has
    not logged time against yet (`already_logged`, from the log)."""
    saved = saved_for_user(user, limit=200)
    fitting = [s for s in saved if s["duration_minutes"] and s["duration_minutes"] <= minutes_left]
    if fitting:
        return {**max(fitting, key=lambda s: s["duration_minutes"]), "source": "saved"}
    unknown = [s for s in saved if not s["duration_minutes"]]
    if unknown:
        return {**unknown[0], "source": "saved"}
    conditions = [Resource.organisation_id == user.organisation_id, Resource.removed_at.is_(None)]
    if already_logged:
        conditions.append(Resource.id.not_in(already_logged))
    candidates = db.session.scalars(
        select(Resource).where(*conditions).order_by(Resource.popularity.desc(), Resource.id.desc()).limit(20)
    ).all()
    fits = [r for r in candidates if r.duration_minutes and r.duration_minutes <= minutes_left]
    choice = (fits or candidates or [None])[0]
    return {**summary(choice), "source": "popular"} if choice else None


def most_saved_resources(user_ids, since: datetime, until: datetime, limit: int = 5) -> list[tuple[int, int]]:
    ids = list(set(user_ids))
    if not ids:
        return []
    saves = func.count().label("saves")
    rows = db.session.execute(
        select(Save.resource_id, saves)
        .join(Resource, Resource.id == Save.resource_id)
        .where(
            Save.user_id.in_(ids),
            Save.created_at >= as_utc(since),
            Save.created_at < as_utc(until),
            Resource.removed_at.is_(None),
        )
        .group_by(Save.resource_id)
        .order_by(saves.desc(), Save.resource_id.desc())
        .limit(limit)
    ).all()
    return [(resource_id, count) for resource_id, count in rows]


def popular_summaries(organisation_id: int, since: datetime, limit: int = 3) -> list[dict]:
    """The organisation's most saved and "worth it" resources since `since` (the Monday digest)."""
    return [
        {**summary(resource), "saves": saves, "reactions": reactions}
        for resource, saves, reactions in popular_since(organisation_id, since, limit)
    ]
