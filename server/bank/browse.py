"""Browsing the bank: filters, full-text search, sorting and keyset pagination.

A cursor names the last item shown (its sort keys), never an offset, so resources shared while
someone scrolls neither repeat nor push items off the next page. With `kind=webinar` the upcoming
webinars come first (soonest first), then the rest in the chosen order; the cursor carries the
moment the first page was made, so a webinar starting mid-scroll does not change sides.
"""

from datetime import datetime
from functools import lru_cache

from flask_babel import lazy_gettext as _l
from sqlalchemy import DateTime, Integer, Row, bindparam, exists, literal, or_, select, tuple_

from ..clock import as_utc, utcnow
from ..errors import RuleError
from ..extensions import db
from ..pagination import cursor_id, cursor_number, decode_cursor, encode_cursor, invalid_cursor
from ..search import match_text
from ..text import normalise_tag
from .models import Reaction, Resource, ResourceTag, Save, Tag
from .search import restrict

# What a page of the bank shows (and sorts by), read as plain rows.
LISTED = (
    Resource.id,
    Resource.url,
    Resource.kind,
    Resource.title,
    Resource.description,
    Resource.starts_at,
    Resource.duration_minutes,
    Resource.shared_by_id,
    Resource.created_at,
    Resource.save_count,
    Resource.log_count,
    Resource.logged_minutes,
    Resource.reaction_count,
    Resource.popularity,
)
ORDERS = {
    "new": ((Resource.id,), "desc"),
    "popular": ((Resource.popularity, Resource.id), "desc"),
    "upcoming": ((Resource.starts_at, Resource.id), "asc"),
}


def _order(order: str, id_column) -> tuple[tuple, str]:
    columns, direction = ORDERS[order]
    # Newest first may follow the search table's own id order (the same ids, a cheaper plan).
    return ((id_column,) if order == "new" else columns), direction


def _keys_of(resource: Resource | Row, order: str) -> list:
    if order == "upcoming":
        return [as_utc(resource.starts_at).isoformat(), resource.id]
    return [getattr(resource, column.key) for column in ORDERS[order][0]]


def _key_values(order: str, keys) -> dict:
    """A cursor's sort keys, checked, as the values of the page query's `k0` and `k1`."""
    if not isinstance(keys, list) or len(keys) != len(ORDERS[order][0]):
        raise invalid_cursor()
    if order == "upcoming":
        return {"k0": _moment(keys[0]), "k1": cursor_id(keys[1])}
    values = [cursor_number(k) for k in keys[:-1]] + [cursor_id(keys[-1])]
    return {f"k{n}": value for n, value in enumerate(values)}


def _ordered(columns, direction: str) -> list:
    return [c.desc() if direction == "desc" else c.asc() for c in columns]


@lru_cache(maxsize=256)
def _page_query(_dialect: str, order: str, webinars: str | None, searching: bool, kind: bool, tag: bool, after: bool):
    """The query of one shape of page, built once per shape (building it was most of a page's
    Python time); each request binds its own values. The viewer's save (when) and reaction are
    looked up for the page's rows only, around the limited page."""
    stmt = select(*LISTED).where(
        Resource.organisation_id == bindparam("organisation_id"), Resource.removed_at.is_(None)
    )
    if kind:
        stmt = stmt.where(Resource.kind == bindparam("kind"))
    if tag:
        stmt = stmt.where(
            Resource.id.in_(select(ResourceTag.resource_id).where(ResourceTag.tag_id == bindparam("tag_id")))
        )
    stmt, id_column = restrict(stmt, "placeholder" if searching else None)  # its fts_query is bound later
    moment = bindparam("now", type_=DateTime(timezone=True))
    if webinars == "up":
        stmt = stmt.where(Resource.starts_at >= moment)
    elif webinars == "rest":
        stmt = stmt.where(or_(Resource.starts_at.is_(None), Resource.starts_at < moment))
    columns, direction = _order(order, id_column)
    if after:
        first = bindparam("k0", type_=DateTime(timezone=True) if order == "upcoming" else Integer)
        values = [first, bindparam("k1", type_=Integer)][: len(columns)]
        left, right = (tuple_(*columns), tuple_(*values)) if len(columns) > 1 else (columns[0], values[0])
        stmt = stmt.where(left < right if direction == "desc" else left > right)
    page = stmt.order_by(*_ordered(columns, direction)).limit(bindparam("limit", type_=Integer)).subquery()
    viewer = bindparam("viewer_id", type_=Integer)
    saved_at = select(Save.created_at).where(Save.user_id == viewer, Save.resource_id == page.c.id)
    reacted = exists().where(Reaction.user_id == viewer, Reaction.resource_id == page.c.id)
    outer = select(page, saved_at.scalar_subquery().label("saved_at"), reacted.label("reacted"))
    return outer.order_by(*_ordered([page.c[column.key] for column in ORDERS[order][0]], direction))


def list_resources(
    organisation_id: int,
    viewer_id: int,
    *,
    q: str | None = None,
    kind: str | None = None,
    tag: str | None = None,
    sort: str = "new",
    limit: int = 20,
    cursor: str | None = None,
) -> tuple[list[Row], str | None]:
    """A page of the bank as rows (`LISTED` plus the viewer's `saved_at` and `reacted`), and the
    cursor of the next page."""
    state = decode_cursor(cursor)
    if state and state.get("s") != sort:
        raise RuleError(
            "cursor", _l("This cursor belongs to another sort order; start from the first page."), location="query"
        )
    values = {"organisation_id": organisation_id, "viewer_id": viewer_id, "kind": kind}
    if tag:
        values["tag_id"] = db.session.scalar(
            select(Tag.id).where(Tag.organisation_id == organisation_id, Tag.name == normalise_tag(tag))
        )
        if values["tag_id"] is None:
            return [], None
    dialect = db.engine.dialect.name
    values["fts_query"] = match_text(q)

    phases = [("rest", sort, None)]
    now = state.get("now") or utcnow().isoformat()
    if kind == "webinar":
        values["now"] = _moment(now)
        phases = [("up", "upcoming", "up"), ("rest", sort, "rest")]
    names = [name for name, _, _ in phases]
    start = names.index(state["p"]) if state.get("p") in names else 0

    found: list[tuple[str, str, Row]] = []
    for index, (name, order, webinars) in enumerate(phases[start:], start):
        keys = state.get("k") if state and index == start else None
        query = _page_query(
            dialect, order, webinars, values["fts_query"] is not None, bool(kind), bool(tag), keys is not None
        )
        bound = {**values, "limit": limit + 1 - len(found), **(_key_values(order, keys) if keys is not None else {})}
        found.extend((name, order, r) for r in db.session.execute(query, bound))
        if len(found) > limit:
            break
    next_cursor = None
    if len(found) > limit:
        name, order, last = found[limit - 1]
        next_cursor = encode_cursor({"s": sort, "p": name, "k": _keys_of(last, order), "now": now})
    return [r for _, _, r in found[:limit]], next_cursor


def saved_page(user, *, limit: int = 20, cursor: str | None = None) -> tuple[list[Resource], str | None]:
    """The personal saved list, newest save first."""
    state = decode_cursor(cursor)
    stmt = (
        select(Resource, Save.created_at)
        .join(Save, Save.resource_id == Resource.id)
        .where(Save.user_id == user.id, Resource.removed_at.is_(None))
    )
    if state:
        keys = state.get("k")
        if not isinstance(keys, list) or len(keys) != 2:
            raise invalid_cursor()
        saved_at, resource_id = _moment(keys[0]), cursor_id(keys[1])
        stmt = stmt.where(
            tuple_(Save.created_at, Save.resource_id) < tuple_(literal(saved_at, DateTime(timezone=True)), resource_id)
        )
    rows = db.session.execute(stmt.order_by(Save.created_at.desc(), Save.resource_id.desc()).limit(limit + 1)).all()
    next_cursor = None
    if len(rows) > limit:
        resource, saved_at = rows[limit - 1]
        next_cursor = encode_cursor({"s": "saved", "k": [as_utc(saved_at).isoformat(), resource.id]})
    return [r for r, _ in rows[:limit]], next_cursor


def _moment(value) -> datetime:
    """A moment carried in a cursor (ISO 8601, as this module wrote it)."""
    try:
        return as_utc(datetime.fromisoformat(value))
    except (TypeError, ValueError, OverflowError) as error:
        raise invalid_cursor() from error
