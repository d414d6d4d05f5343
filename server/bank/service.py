"""Bank rules: adding (with duplicates and link previews), editing, removing, and what other features ask.

Saves, reactions and comments live in `social.py`, browsing and search in `browse.py`.
"""
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from ..clock import as_utc, utcnow
from ..errors import RuleError
from ..extensions import db
from ..text import normalise_tags
from .metadata import read_page
from .models import Resource, ResourceSharer, ResourceTag, Save, Tag
from .search import refresh as refresh_search
from .urls import InvalidUrl, guess_kind, normalise_url

EDITABLE = ("kind", "title", "description", "starts_at", "duration_minutes")


def get_visible(organisation_id: int, resource_id: int) -> Resource | None:
    resource = db.session.get(Resource, resource_id)
    if resource is None or resource.organisation_id != organisation_id or resource.removed_at is not None:
        return None
    return resource


def find_by_url(organisation_id: int, url: str) -> Resource | None:
    """The visible resource with this (already normalised) URL."""
    return db.session.scalar(select(Resource).where(Resource.organisation_id == organisation_id,
                                                    Resource.url == url, Resource.removed_at.is_(None)))


def may_edit(user, resource: Resource) -> bool:
    return user.is_admin or (resource.shared_by_id is not None and resource.shared_by_id == user.id)


def _tag_ids(organisation_id: int, names: list[str]) -> list[int]:
    ids = []
    for name in names:
        tag_id = db.session.scalar(select(Tag.id).where(Tag.organisation_id == organisation_id, Tag.name == name))
        if tag_id is None:
            try:
                with db.session.begin_nested():
                    tag = Tag(organisation_id=organisation_id, name=name)
                    db.session.add(tag)
                tag_id = tag.id
            except IntegrityError:  # someone else created it a moment ago
                tag_id = db.session.scalar(select(Tag.id).where(Tag.organisation_id == organisation_id,
                                                                Tag.name == name))
        ids.append(tag_id)
    return ids


def set_tags(resource: Resource, names) -> None:
    names = normalise_tags(names)
    db.session.execute(ResourceTag.__table__.delete().where(ResourceTag.resource_id == resource.id))
    for tag_id in _tag_ids(resource.organisation_id, names):
        db.session.add(ResourceTag(resource_id=resource.id, tag_id=tag_id))
    resource.tags_text = " ".join(names)
    refresh_search(resource)


def _record_sharer(resource: Resource, user) -> None:
    if resource.shared_by_id == user.id:
        return
    if db.session.get(ResourceSharer, (resource.id, user.id)) is None:
        db.session.add(ResourceSharer(resource_id=resource.id, user_id=user.id))


def preview(organisation_id: int, raw_url: str) -> dict:
    """What the Add screen shows while someone pastes a link."""
    try:
        url = normalise_url(raw_url)
    except InvalidUrl as error:
        raise RuleError("url", error.message) from error
    existing = find_by_url(organisation_id, url)
    found = read_page(url)
    empty = {"title": None, "description": None, "site_name": None, "image": None}
    return {"url": url, "kind": guess_kind(url), "fetched": found is not None,
            "existing_id": existing.id if existing else None, **(found or empty)}


def _fill_from_page(url: str, data: dict) -> dict:
    """Title and description from the page itself when the sharer left the title empty."""
    if (data.get("title") or "").strip():
        return data
    found = read_page(url) or {}
    return {**data, "title": found.get("title") or url,
            "description": (data.get("description") or "").strip() or found.get("description")}


def add_resource(user, data: dict, *, _retry: bool = True) -> tuple[Resource, bool]:
    """(resource, duplicate). A URL already in the bank records the second sharer and returns it."""
    try:
        url = normalise_url(data["url"])
    except InvalidUrl as error:
        raise RuleError("url", error.message) from error
    org_id = user.organisation_id
    existing = db.session.scalar(select(Resource).where(Resource.organisation_id == org_id, Resource.url == url))
    if existing is not None and existing.removed_at is None:
        _record_sharer(existing, user)
        db.session.flush()
        return existing, True
    data = _fill_from_page(url, data)
    fields = {
        "kind": data["kind"], "title": data["title"].strip()[:300],
        "description": (data.get("description") or "").strip() or None,
        "starts_at": as_utc(data.get("starts_at")), "duration_minutes": data.get("duration_minutes"),
    }
    if existing is not None:  # shared again after it was removed: it comes back with the new details
        for key, value in fields.items():
            setattr(existing, key, value)
        existing.removed_at, existing.shared_by_id = None, user.id
        set_tags(existing, data.get("tags"))
        db.session.flush()
        return existing, False
    resource = Resource(organisation_id=org_id, url=url, shared_by_id=user.id, tags_text="", **fields)
    try:
        with db.session.begin_nested():
            db.session.add(resource)
    except IntegrityError:  # the same link added at the same moment by someone else
        if not _retry:
            raise
        return add_resource(user, data, _retry=False)
    set_tags(resource, data.get("tags"))
    db.session.flush()
    return resource, False


def update_resource(user, resource: Resource, changes: dict) -> Resource:
    if not may_edit(user, resource):
        raise RuleError("resource", _l("Only the person who shared it or an admin can change it."), 403)
    if "url" in changes:
        try:
            url = normalise_url(changes["url"])
        except InvalidUrl as error:
            raise RuleError("url", error.message) from error
        taken = db.session.scalar(select(Resource.id).where(Resource.organisation_id == resource.organisation_id,
                                                            Resource.url == url, Resource.id != resource.id))
        if taken is not None:
            raise RuleError("url", _l("This link is already in the bank."), 409)
        resource.url = url
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
        set_tags(resource, changes["tags"])
    refresh_search(resource)
    db.session.flush()
    return resource


def remove_resource(user, resource: Resource) -> None:
    """Soft delete: it leaves the bank, the time logged against it stays in everyone's totals."""
    if not may_edit(user, resource):
        raise RuleError("resource", _l("Only the person who shared it or an admin can remove it."), 403)
    resource.removed_at = utcnow()
    db.session.flush()


def bump(resource_id: int, **deltas: int) -> None:
    """Atomic counter changes; saves, logs and reactions all move the popularity score too."""
    values = {name: getattr(Resource, name) + delta for name, delta in deltas.items()}
    popular = sum(d for name, d in deltas.items() if name in ("save_count", "log_count", "reaction_count"))
    if popular:
        values["popularity"] = Resource.popularity + popular
    db.session.execute(update(Resource).where(Resource.id == resource_id).values(**values)
                       .execution_options(synchronize_session=False))


# --- What other features call ----------------------------------------------------------------------

def resource_visible(organisation_id: int, resource_id: int) -> bool:
    return db.session.scalar(select(Resource.id).where(
        Resource.id == resource_id, Resource.organisation_id == organisation_id,
        Resource.removed_at.is_(None))) is not None


def summary(resource: Resource) -> dict:
    return {"id": resource.id, "title": resource.title, "kind": resource.kind, "url": resource.url,
            "duration_minutes": resource.duration_minutes, "removed": resource.removed_at is not None}


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


def saved_for_user(user, limit: int = 20) -> list[dict]:
    rows = db.session.execute(
        select(Resource, Save.created_at).join(Save, Save.resource_id == Resource.id)
        .where(Save.user_id == user.id, Resource.removed_at.is_(None))
        .order_by(Save.created_at.desc(), Resource.id.desc()).limit(limit)).all()
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
        select(Resource).where(*conditions)
        .order_by(Resource.popularity.desc(), Resource.id.desc()).limit(20)).all()
    fits = [r for r in candidates if r.duration_minutes and r.duration_minutes <= minutes_left]
    choice = (fits or candidates or [None])[0]
    return {**summary(choice), "source": "popular"} if choice else None


def most_saved_resources(user_ids, since: datetime, until: datetime, limit: int = 5) -> list[tuple[int, int]]:
    ids = list(set(user_ids))
    if not ids:
        return []
    saves = func.count().label("saves")
    rows = db.session.execute(
        select(Save.resource_id, saves).join(Resource, Resource.id == Save.resource_id)
        .where(Save.user_id.in_(ids), Save.created_at >= as_utc(since), Save.created_at < as_utc(until),
               Resource.removed_at.is_(None))
        .group_by(Save.resource_id).order_by(saves.desc(), Save.resource_id.desc()).limit(limit)).all()
    return [(resource_id, count) for resource_id, count in rows]
