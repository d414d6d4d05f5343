"""Adding to the bank: the link as shared, its duplicate key, tags, second sharers and link previews.

A link is kept as the person shared it (minus tracking parameters); its normalised form
(`urls.link_key`) is only the key that finds the same page shared again in another spelling.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from ..clock import as_utc
from ..database import insert as insert_or_skip
from ..errors import RuleError
from ..extensions import db
from ..text import normalise_tags
from .metadata import read_page
from .models import KINDS, Resource, ResourceSharer, ResourceTag, Tag
from .search import refresh as refresh_search
from .urls import InvalidUrl, clean_url, guess_kind, link_key

MAX_TAGS = 20
CHUNK = 500  # values in one IN (...) list or one multi-row INSERT


def chunks(values: list, size: int = CHUNK):
    for start in range(0, len(values), size):
        yield values[start : start + size]


def link_and_key(raw: str, field: str = "url") -> tuple[str, str]:
    """(the link to keep, its duplicate key), or a RuleError naming `field`."""
    try:
        return clean_url(raw), link_key(raw)
    except InvalidUrl as error:
        raise RuleError(field, error.message) from error


def find_by_key(organisation_id: int, key: str, *, visible_only: bool = True) -> Resource | None:
    """The resource with this duplicate key (`urls.link_key`), removed ones too unless `visible_only`."""
    stmt = select(Resource).where(Resource.organisation_id == organisation_id, Resource.url_key == key)
    if visible_only:
        stmt = stmt.where(Resource.removed_at.is_(None))
    return db.session.scalar(stmt)


def tag_ids(organisation_id: int, names: set[str]) -> dict[str, int]:
    """The organisation's tag ids by name, creating those it lacks (a tag made by someone else a
    moment ago is simply found)."""

    def known(wanted) -> dict[str, int]:
        found = {}
        for chunk in chunks(sorted(wanted)):
            found.update(
                db.session.execute(
                    select(Tag.name, Tag.id).where(Tag.organisation_id == organisation_id, Tag.name.in_(chunk))
                ).all()
            )
        return found

    ids = known(names) if names else {}
    missing = sorted(names - ids.keys())
    for chunk in chunks(missing):
        ids.update(
            db.session.execute(
                insert_or_skip(Tag.__table__)
                .on_conflict_do_nothing(index_elements=["organisation_id", "name"])
                .returning(Tag.name, Tag.id),  # only the rows it made: each names itself
                [{"organisation_id": organisation_id, "name": name} for name in chunk],
            ).all()
        )
    raced = names - ids.keys()
    if raced:
        ids.update(known(raced))
    return ids


def tag_names(raw) -> list[str]:
    return normalise_tags(raw)[:MAX_TAGS]


def _link_tags(resource: Resource, names: list[str]) -> None:
    if names:
        ids = tag_ids(resource.organisation_id, set(names))
        db.session.execute(
            insert(ResourceTag.__table__), [{"resource_id": resource.id, "tag_id": ids[name]} for name in names]
        )


def _texts_for(resource: Resource, names: list[str]) -> None:
    resource.tags_text = " ".join(names)
    refresh_search(resource)


def set_tags(resource: Resource, names) -> None:
    names = tag_names(names)
    db.session.execute(ResourceTag.__table__.delete().where(ResourceTag.resource_id == resource.id))
    _link_tags(resource, names)
    _texts_for(resource, names)


def record_sharer(resource: Resource, user) -> None:
    if resource.shared_by_id == user.id:
        return
    if db.session.get(ResourceSharer, (resource.id, user.id)) is None:
        db.session.add(ResourceSharer(resource_id=resource.id, user_id=user.id))


def kind_of(link: str, page: dict | None) -> str:
    """The kind of a link, decided here only: a well-known host's, else what the page says it is, else an
    article. The app shows this answer; it never guesses."""
    kind = guess_kind(link)
    if kind == "article" and page and page.get("kind") in KINDS:
        return page["kind"]
    return kind


def preview(organisation_id: int, raw_url: str) -> dict:
    """What the Add screen shows while someone pastes a link."""
    link, key = link_and_key(raw_url)
    existing = find_by_key(organisation_id, key)
    found = read_page(link)
    empty = {"title": None, "description": None, "site_name": None, "image": None, "duration_minutes": None}
    details = {name: (found or empty).get(name) for name in empty}
    return {
        "url": link,
        "kind": kind_of(link, found),
        "fetched": found is not None,
        "existing_id": existing.id if existing else None,
        **details,
    }


def _fill_from_page(link: str, data: dict) -> dict:
    """Title, description and duration from the page itself when the sharer left the title empty, and the
    kind (`kind_of`) when they did not choose one; the page is read only when it has something to say."""
    wants_title = not (data.get("title") or "").strip()
    kind = data.get("kind") or guess_kind(link)
    if not wants_title and (data.get("kind") or kind != "article"):
        return {**data, "kind": kind}
    found = read_page(link)
    filled = {**data, "kind": data.get("kind") or kind_of(link, found)}
    if wants_title:
        found = found or {}
        filled["title"] = found.get("title") or link
        filled["description"] = (data.get("description") or "").strip() or found.get("description")
        filled["duration_minutes"] = data.get("duration_minutes") or found.get("duration_minutes")
    return filled


def add_resource(user, data: dict, *, _retry: bool = True) -> tuple[Resource, bool]:
    """(resource, duplicate). A link already in the bank records the second sharer and returns it."""
    link, key = link_and_key(data["url"])
    org_id = user.organisation_id
    existing = find_by_key(org_id, key, visible_only=False)
    if existing is not None and existing.removed_at is None:
        record_sharer(existing, user)
        db.session.flush()
        return existing, True
    data = _fill_from_page(link, data)
    fields = {
        "kind": data["kind"],
        "title": data["title"].strip()[:300],
        "description": (data.get("description") or "").strip() or None,
        "starts_at": as_utc(data.get("starts_at")),
        "duration_minutes": data.get("duration_minutes"),
    }
    if existing is not None:  # shared again after it was removed: it comes back with the new details
        for name, value in fields.items():
            setattr(existing, name, value)
        existing.url, existing.removed_at, existing.shared_by_id = link, None, user.id
        set_tags(existing, data.get("tags"))
        db.session.flush()
        return existing, False
    # A new resource goes in whole, its texts and search text included, and its tags after it:
    # nothing to delete or update, a handful of round trips.
    names = tag_names(data.get("tags"))
    resource = Resource(organisation_id=org_id, url=link, url_key=key, shared_by_id=user.id, **fields)
    _texts_for(resource, names)
    try:
        with db.session.begin_nested():
            db.session.add(resource)
    except IntegrityError:  # the same link added at the same moment by someone else
        if not _retry:
            raise
        return add_resource(user, data, _retry=False)
    _link_tags(resource, names)
    resource.new_tags = names  # for `present.describe_added`: no need to read back what was just written
    return resource, False


def add_unread(user, raw_url: str, tags=None) -> tuple[Resource, bool]:
    """Added without reading the page now (a chat command answers within seconds): its kind from the
    link alone, the link as its title until `fill_from_page` has read the page."""
    link, _key = link_and_key(raw_url)
    return add_resource(user, {"url": raw_url, "kind": guess_kind(link), "title": link, "tags": tags})


def fill_from_page(resource_id: int) -> Resource | None:
    """The page's own title, description, length and kind for a resource `add_unread` made, once it
    has been read; nothing changes when someone has given it a title meanwhile or the page says nothing."""
    resource = db.session.get(Resource, resource_id)
    if resource is None or resource.removed_at is not None or resource.title != resource.url[:300]:
        return resource
    found = read_page(resource.url)
    if not found:
        return resource
    resource.title = (found.get("title") or resource.title)[:300]
    resource.description = resource.description or found.get("description")
    resource.duration_minutes = resource.duration_minutes or found.get("duration_minutes")
    if resource.kind == "article":
        resource.kind = kind_of(resource.url, found)
    refresh_search(resource)
    db.session.flush()
    return resource


def change_link(resource: Resource, raw_url: str) -> None:
    """A corrected link; a conflict when that page is already another resource in the bank."""
    link, key = link_and_key(raw_url)
    taken = db.session.scalar(
        select(Resource.id).where(
            Resource.organisation_id == resource.organisation_id, Resource.url_key == key, Resource.id != resource.id
        )
    )
    if taken is not None:
        raise RuleError("url", _l("This link is already in the bank."), 409)
    resource.url, resource.url_key = link, key
