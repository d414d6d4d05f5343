"""Resources as the API shows them: tags, who shared them and the viewer's own saves and reactions,
gathered for a whole page in a handful of queries."""
from collections import defaultdict

from sqlalchemy import literal, select, union_all

from ..accounts import service as accounts
from ..extensions import db
from .models import Comment, Reaction, Resource, ResourceSharer, ResourceTag, Save, Tag
from .service import as_utc, may_edit
from .social import may_delete_comment


def _person(user) -> dict | None:
    if user is None or user.deleted_at is not None:
        return None
    return {"id": user.id, "name": user.name}


def _tags_by_resource(ids: list[int]) -> dict[int, list[str]]:
    tags = defaultdict(list)
    rows = db.session.execute(select(ResourceTag.resource_id, Tag.name).join(Tag, Tag.id == ResourceTag.tag_id)
                              .where(ResourceTag.resource_id.in_(ids)).order_by(Tag.name))
    for resource_id, name in rows:
        tags[resource_id].append(name)
    return tags


def _mine(viewer_id: int, ids: list[int]) -> tuple[dict, set]:
    """The viewer's saves (with when) and reactions among these resources, in one round trip."""
    saves = select(literal("save"), Save.resource_id, Save.created_at).where(
        Save.user_id == viewer_id, Save.resource_id.in_(ids))
    reactions = select(literal("reaction"), Reaction.resource_id, Reaction.created_at).where(
        Reaction.user_id == viewer_id, Reaction.resource_id.in_(ids))
    saved, reacted = {}, set()
    for what, resource_id, created_at in db.session.execute(union_all(saves, reactions)):
        if what == "save":
            saved[resource_id] = created_at
        else:
            reacted.add(resource_id)
    return saved, reacted


def describe_many(resources: list[Resource], viewer, *, with_sharers: bool = False) -> list[dict]:
    if not resources:
        return []
    ids = [r.id for r in resources]
    tags = _tags_by_resource(ids)
    saved, reacted = _mine(viewer.id, ids)
    also = defaultdict(list)
    if with_sharers:
        for resource_id, user_id in db.session.execute(
                select(ResourceSharer.resource_id, ResourceSharer.user_id)
                .where(ResourceSharer.resource_id.in_(ids)).order_by(ResourceSharer.created_at)):
            also[resource_id].append(user_id)
    people = accounts.users_by_id([r.shared_by_id for r in resources if r.shared_by_id]
                                  + [u for users in also.values() for u in users])
    items = []
    for r in resources:
        item = {
            "id": r.id, "url": r.url, "kind": r.kind, "title": r.title, "description": r.description,
            "tags": tags.get(r.id, []), "starts_at": as_utc(r.starts_at), "duration_minutes": r.duration_minutes,
            "shared_by": _person(people.get(r.shared_by_id)), "created_at": as_utc(r.created_at),
            "save_count": r.save_count, "log_count": r.log_count, "logged_minutes": r.logged_minutes,
            "reaction_count": r.reaction_count, "saved_by_me": r.id in saved, "reacted_by_me": r.id in reacted,
            "can_edit": may_edit(viewer, r),
        }
        if with_sharers:
            item["also_shared_by"] = [p for p in (_person(people.get(u)) for u in also[r.id]) if p]
        if r.id in saved:
            item["saved_at"] = as_utc(saved[r.id])
        items.append(item)
    return items


def describe_comments(comments: list[Comment], viewer) -> list[dict]:
    people = accounts.users_by_id([c.user_id for c in comments])
    return [{"id": c.id, "resource_id": c.resource_id, "body": c.body, "author": _person(people.get(c.user_id)),
             "created_at": as_utc(c.created_at), "can_delete": may_delete_comment(viewer, c)} for c in comments]


def describe(resource: Resource, viewer, *, comments: list[Comment] | None = None) -> dict:
    item = describe_many([resource], viewer, with_sharers=True)[0]
    if comments is not None:
        item["comments"] = describe_comments(comments, viewer)
    return item
