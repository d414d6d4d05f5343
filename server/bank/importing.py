"""Bringing years of bookmarks into the bank at once, from a Netscape bookmark file.

No page is fetched per bookmark (ten thousand fetches would take hours and knock on as many doors):
the title is the bookmark's own, the kind comes from the host. Folders and TAGS become tags. A link
already in the bank is merged: it gains the tags it lacked and the importer is recorded as another
sharer; the same page twice in the file counts once. Everything goes in with a few set-based
statements, so ten thousand bookmarks take seconds.

An import is bounded three ways: the file's size (`IMPORT_MAX_BYTES`: browsers' exports of 10,000
bookmarks weigh 1.3–12.2 MB, see docs/benchmarks.md), what it may hold (`bookmarks.Limits`: links,
folders, depth, markup), and time (`IMPORT_TIME_BUDGET_SECONDS`, read from the app's clock between
steps). Past any of them the person is told which, in their language, and nothing is stored (the
request rolls back).
"""

from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from w3lib.encoding import html_to_unicode

from ..clock import utcnow
from ..database import insert
from ..errors import RuleError
from ..extensions import db
from ..search import document
from ..text import normalise_tags
from . import bookmarks
from .adding import MAX_TAGS, add_resource, chunks
from .adding import tag_ids as tag_ids_by_name
from .models import KINDS, Resource, ResourceSharer, ResourceTag, Tag
from .urls import InvalidUrl, clean_url, guess_kind, link_key

LIMITS = bookmarks.Limits()
MAX_BOOKMARKS = LIMITS.bookmarks
IMPORT_MAX_BYTES = 16 * 1024 * 1024
TOO_MUCH = {
    "bookmarks": _l("A file can bring at most %(count)d bookmarks at a time."),
    "folders": _l("A file can bring at most %(count)d folders at a time."),
    "depth": _l(
        "Folders in this file sit more than %(count)d deep. Move the deepest ones up a level or two and export again."
    ),
    "markup": _l(
        "This file holds more than bookmarks. Export your bookmarks from your browser as an HTML file and try that."
    ),
}


def _refuse(message) -> RuleError:
    return RuleError("file", message, location="files")


class Budget:
    """The time an import may take, on the app's clock; `check()` between steps refuses once it is spent."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.ends = utcnow() + timedelta(seconds=seconds)

    def check(self) -> None:
        if utcnow() > self.ends:
            raise _refuse(
                _l(
                    "Reading this file took longer than %(seconds)d seconds, so nothing was imported. "
                    "Split it into smaller files and import them one at a time.",
                    seconds=self.seconds,
                )
            )


def check_size(length: int | None) -> None:
    """A body larger than a bookmark file needs is refused before it is read (413)."""
    if length is not None and length > IMPORT_MAX_BYTES:
        raise RuleError(
            "file",
            _l(
                "A bookmark file can be at most %(mib)d MiB; browsers' exports of 10,000 bookmarks weigh "
                "up to about 12 MB.",
                mib=IMPORT_MAX_BYTES // 2**20,
            ),
            413,
            location="files",
        )


def _wanted(marks: list[bookmarks.Bookmark]) -> tuple[dict[str, dict], int]:
    """{key: what to store} for the valid links (the same page twice merged), and the invalid count."""
    wanted: dict[str, dict] = {}
    invalid = 0
    for mark in marks:
        try:
            link, key = clean_url(mark.url or ""), link_key(mark.url or "")
        except InvalidUrl:
            invalid += 1
            continue
        tags = normalise_tags(mark.tags + mark.folders)
        if key in wanted:
            wanted[key]["tags"] = normalise_tags(wanted[key]["tags"] + tags)[:MAX_TAGS]
            continue
        kind = mark.kind if mark.kind in KINDS else guess_kind(link)
        wanted[key] = {
            "url": link,
            "url_key": key,
            "kind": kind,
            "title": (mark.title.strip() or link)[:300],
            "description": (mark.description or "").strip()[:2000] or None,
            "tags": tags[:MAX_TAGS],
        }
    return wanted, invalid


def _existing(organisation_id: int, keys: list[str], budget: Budget) -> dict[str, Resource]:
    found = {}
    for chunk in chunks(keys):
        budget.check()
        found.update(
            (r.url_key, r)
            for r in db.session.scalars(
                select(Resource).where(Resource.organisation_id == organisation_id, Resource.url_key.in_(chunk))
            )
        )
    return found


def _insert_new(user, rows: list[dict], tag_ids: dict[str, int], budget: Budget) -> int:
    now, table = utcnow(), Resource.__table__
    statement = (
        insert(table)
        .on_conflict_do_nothing(index_elements=["organisation_id", "url_key"])
        .returning(table.c.id, table.c.url_key)
    )
    created, links = 0, []
    by_key = {row["url_key"]: row for row in rows}
    for chunk in chunks(rows):
        budget.check()
        values = [
            {
                "organisation_id": user.organisation_id,
                "url": r["url"],
                "url_key": r["url_key"],
                "kind": r["kind"],
                "title": r["title"],
                "description": r["description"],
                "tags_text": " ".join(r["tags"]),
                "search_text": document(r["title"], r["description"], *r["tags"]),
                "shared_by_id": user.id,
                "created_at": now,
                "updated_at": now,
                "save_count": 0,
                "log_count": 0,
                "logged_minutes": 0,
                "reaction_count": 0,
                "popularity": 0,
            }
            for r in chunk
        ]
        for resource_id, key in db.session.execute(statement, values):
            created += 1
            links.extend({"resource_id": resource_id, "tag_id": tag_ids[name]} for name in by_key[key]["tags"])
    for chunk in chunks(links, 2000):
        budget.check()
        db.session.execute(insert(ResourceTag.__table__), chunk)
    return created


def _merge(user, pairs: list[tuple[Resource, dict]], tag_ids: dict[str, int], budget: Budget) -> None:
    """Links already in the bank: the tags they lack, and the importer as another sharer."""
    have: dict[int, set[str]] = {}
    for chunk in chunks([resource.id for resource, _ in pairs]):
        budget.check()
        for resource_id, name in db.session.execute(
            select(ResourceTag.resource_id, Tag.name)
            .join(Tag, Tag.id == ResourceTag.tag_id)
            .where(ResourceTag.resource_id.in_(chunk))
        ):
            have.setdefault(resource_id, set()).add(name)
    links, texts, sharers = [], [], []
    for resource, row in pairs:
        present = have.get(resource.id, set())
        extra = [name for name in row["tags"] if name not in present][: max(0, MAX_TAGS - len(present))]
        if extra:
            links.extend({"resource_id": resource.id, "tag_id": tag_ids[name]} for name in extra)
            tags_text = " ".join(filter(None, [resource.tags_text, *extra]))
            texts.append(
                {
                    "id": resource.id,
                    "tags_text": tags_text,
                    "search_text": document(resource.title, resource.description, tags_text),
                }
            )
        if resource.shared_by_id != user.id:
            sharers.append({"resource_id": resource.id, "user_id": user.id, "created_at": utcnow()})
    for chunk in chunks(links, 2000):
        budget.check()
        db.session.execute(insert(ResourceTag.__table__).on_conflict_do_nothing(), chunk)
    for chunk in chunks(texts):
        budget.check()
        db.session.execute(update(Resource), chunk)
    for chunk in chunks(sharers):
        budget.check()
        db.session.execute(insert(ResourceSharer.__table__).on_conflict_do_nothing(), chunk)


def import_file(user, upload) -> dict:
    """{created, duplicates, invalid} for an uploaded bookmark file (its charset from BOM or meta)."""
    budget = Budget(current_app.config["IMPORT_TIME_BUDGET_SECONDS"])
    _encoding, text = html_to_unicode(None, upload.read())
    return import_bookmarks(user, text, budget)


def read_bookmarks(html: str, budget: Budget) -> list[bookmarks.Bookmark]:
    try:
        marks = bookmarks.read(html, limits=LIMITS, check=budget.check)
    except bookmarks.TooMuch as error:
        raise _refuse(TOO_MUCH[error.reason] % {"count": error.limit}) from error
    if not marks:
        raise _refuse(_l("No bookmarks in this file. Export them from your browser as an HTML file."))
    budget.check()
    return marks


def import_bookmarks(user, html: str, budget: Budget | None = None) -> dict:
    """{created, duplicates, invalid} for a bookmark file's text, stored whole or not at all."""
    budget = budget or Budget(current_app.config["IMPORT_TIME_BUDGET_SECONDS"])
    marks = read_bookmarks(html, budget)
    wanted, invalid = _wanted(marks)
    del marks
    existing = _existing(user.organisation_id, list(wanted), budget)
    tag_ids = tag_ids_by_name(user.organisation_id, {name for row in wanted.values() for name in row["tags"]})
    new = [row for key, row in wanted.items() if key not in existing]
    merged = [(resource, wanted[key]) for key, resource in existing.items() if resource.removed_at is None]
    created = _insert_new(user, new, tag_ids, budget)
    for key, resource in existing.items():
        if resource.removed_at is not None:  # removed once, brought back by the import with its details
            budget.check()
            add_resource(user, {**wanted[key], "starts_at": None, "duration_minutes": None})
            created += 1
    _merge(user, merged, tag_ids, budget)
    db.session.flush()
    budget.check()
    db.session.expire_all()
    return {"created": created, "duplicates": len(wanted) - created, "invalid": invalid}
