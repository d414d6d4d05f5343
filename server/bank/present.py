"""Resources as a given person sees them: tags, who shared them, and the viewer's own saves and
reactions, gathered for a whole page in a handful of queries. The schemas name every field."""

from collections import defaultdict
from datetime import timedelta

from sqlalchemy import literal, select, union_all

from ..accounts import service as accounts
from ..clock import utcnow
from ..extensions import db
from ..fields import View, moment
from .models import Comment, Reaction, Resource, ResourceSharer, ResourceTag, Save, Tag
from .popular import popular_since
from .service import may_edit
from .social import may_delete_comment


def _person(user):
    """Who shared or wrote something, or None once their account is deleted."""
    return None if user is None or user.deleted_at is not None else user


def _tags_by_resource(ids: list[int]) -> dict[int, list[str]]:
    """Each resource's tags in code point order (sorted here, not by the database's collation, so
    that every answer orders them alike)."""
    tags = defaultdict(list)
    rows = db.session.execute(
        select(ResourceTag.resource_id, Tag.name)
        .join(Tag, Tag.id == ResourceTag.tag_id)
        .where(ResourceTag.resource_id.in_(ids))
    )
    for resource_id, name in rows:
        tags[resource_id].append(name)
    for names in tags.values():
        names.sort()
    return tags


def _mine(viewer_id: int, ids: list[int]) -> tuple[dict, set]:
    """The viewer's saves (with when) and reactions among these resources, in one round trip."""
    saves = select(literal("save"), Save.resource_id, Save.created_at).where(
        Save.user_id == viewer_id, Save.resource_id.in_(ids)
    )
    reactions = select(literal("reaction"), Reaction.resource_id, Reaction.created_at).where(
        Reaction.user_id == viewer_id, Reaction.resource_id.in_(ids)
    )
    saved, reacted = {}, set()
    for what, resource_id, created_at in db.session.execute(union_all(saves, reactions)):
        if what == "save":
            saved[resource_id] = created_at
        else:
            reacted.add(resource_id)
    return saved, reacted


def describe_many(resources: list[Resource], viewer, *, with_sharers: bool = False) -> list[View]:
    if not resources:
        return []
    ids = [r.id for r in resources]
    tags = _tags_by_resource(ids)
    saved, reacted = _mine(viewer.id, ids)
    also = defaultdict(list)
    if with_sharers:
        for resource_id, user_id in db.session.execute(
            select(ResourceSharer.resource_id, ResourceSharer.user_id)
            .where(ResourceSharer.resource_id.in_(ids))
            .order_by(ResourceSharer.created_at)
        ):
            also[resource_id].append(user_id)
    people = accounts.users_by_id(
        [r.shared_by_id for r in resources if r.shared_by_id] + [u for users in also.values() for u in users]
    )
    views = []
    for r in resources:
        extra = {
            "tags": tags.get(r.id, []),
            "shared_by": _person(people.get(r.shared_by_id)),
            "saved_by_me": r.id in saved,
            "reacted_by_me": r.id in reacted,
            "can_edit": may_edit(viewer, r),
        }
        if with_sharers:
            extra["also_shared_by"] = [p for p in (_person(people.get(u)) for u in also[r.id]) if p]
        if r.id in saved:
            extra["saved_at"] = saved[r.id]
        views.append(View(r, **extra))
    return views


def listed(rows, viewer) -> list[dict]:
    """A page of the bank (rows from `browse.list_resources`) as ResourceSchema answers each item,
    written out: the same keys in the same order (tests/bank/test_answers.py holds them equal to the
    schema's dump), without ORM objects or marshmallow's per-field work on the app's busiest list."""
    if not rows:
        return []
    tags = _tags_by_resource([r.id for r in rows])
    people = accounts.users_by_id([r.shared_by_id for r in rows if r.shared_by_id])
    answers = []
    for r in rows:
        sharer = _person(people.get(r.shared_by_id))
        answer = {
            "id": r.id,
            "url": r.url,
            "kind": r.kind,
            "title": r.title,
            "description": r.description,
            "tags": tags.get(r.id, []),
            "starts_at": moment(r.starts_at),
            "duration_minutes": r.duration_minutes,
            "shared_by": None if sharer is None else {"id": sharer.id, "name": sharer.name},
            "created_at": moment(r.created_at),
            "save_count": r.save_count,
            "log_count": r.log_count,
            "logged_minutes": r.logged_minutes,
            "reaction_count": r.reaction_count,
            "saved_by_me": r.saved_at is not None,
            "reacted_by_me": bool(r.reacted),
        }
        if r.saved_at is not None:
            answer["saved_at"] = moment(r.saved_at)
        answer["can_edit"] = may_edit(viewer, r)
        answers.append(answer)
    return answers


def describe_comments(comments: list[Comment], viewer) -> list[View]:
    people = accounts.users_by_id([c.user_id for c in comments])
    return [View(c, author=_person(people.get(c.user_id)), can_delete=may_delete_comment(viewer, c)) for c in comments]


def describe(resource: Resource, viewer, *, comments: list[Comment] | None = None, **extra) -> View:
    view = describe_many([resource], viewer, with_sharers=True)[0]
    if comments is not None:
        extra["comments"] = describe_comments(comments, viewer)
    return View(view, **extra)


def describe_added(resource: Resource, sharer, *, duplicate: bool) -> View:
    """What the sharer sees of what they just shared. A brand-new resource is described from what
    was just written (its tags; nobody has saved, reacted to or shared it besides them), without
    reading anything back; one already in the bank, or back after removal, as always."""
    tags = getattr(resource, "new_tags", None)
    if duplicate or tags is None:
        return describe(resource, sharer, duplicate=duplicate)
    return View(
        resource,
        tags=sorted(tags),
        shared_by=_person(sharer),
        saved_by_me=False,
        reacted_by_me=False,
        can_edit=may_edit(sharer, resource),
        also_shared_by=[],
        duplicate=False,
    )


def popular(viewer, days: int, limit: int) -> dict:
    """The shelf of the last `days` days: each resource with its saves and reactions in that time."""
    since = utcnow() - timedelta(days=days)
    found = popular_since(viewer.organisation_id, since, limit)
    views = describe_many([resource for resource, _, _ in found], viewer)
    return {
        "since": since,
        "items": [
            View(view, saves_in_period=saves, reactions_in_period=reactions)
            for view, (_, saves, reactions) in zip(views, found, strict=True)
        ],
    }
