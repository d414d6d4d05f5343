"""What colleagues do with a resource: save it for later, say it was worth it, leave a short comment.
Also the organisation's tag suggestions."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm.attributes import set_committed_value

from ..database import insert
from ..errors import RuleError, found
from ..extensions import db
from ..fields import View
from .models import Comment, Reaction, Resource, ResourceTag, Save, Tag
from .service import bump


def _add_once(model, user_id: int, resource_id: int, counter: str) -> dict[str, int]:
    """Insert a per-person row once (the primary key decides: a second tap a moment ago finds it
    there); the counter moves only when the row is new. Returns the counter's new value, if moved."""
    added = db.session.execute(
        insert(model.__table__)
        .values(user_id=user_id, resource_id=resource_id)
        .on_conflict_do_nothing(index_elements=["user_id", "resource_id"])
        .returning(model.user_id)
    ).first()
    return bump(resource_id, **{counter: 1}) if added else {}


def _remove(model, user_id: int, resource_id: int, counter: str) -> dict[str, int]:
    deleted = db.session.execute(
        model.__table__.delete().where(model.user_id == user_id, model.resource_id == resource_id)
    ).rowcount
    return bump(resource_id, **{counter: -deleted}) if deleted else {}


def _state(resource: Resource, counter: str, moved: dict[str, int], **flags) -> View:
    if counter in moved:  # the database's new value, as the update returned it
        set_committed_value(resource, counter, moved[counter])
    else:
        db.session.expire(resource, [counter])  # read afresh: someone else may have moved it
    return View(resource, **flags)


def save(user, resource: Resource) -> View:
    return _state(resource, "save_count", _add_once(Save, user.id, resource.id, "save_count"), saved=True)


def unsave(user, resource: Resource) -> View:
    return _state(resource, "save_count", _remove(Save, user.id, resource.id, "save_count"), saved=False)


def react(user, resource: Resource) -> View:
    return _state(resource, "reaction_count", _add_once(Reaction, user.id, resource.id, "reaction_count"), reacted=True)


def unreact(user, resource: Resource) -> View:
    return _state(resource, "reaction_count", _remove(Reaction, user.id, resource.id, "reaction_count"), reacted=False)


def comments_on(resource_id: int) -> list[Comment]:
    return list(
        db.session.scalars(
            select(Comment).where(Comment.resource_id == resource_id).order_by(Comment.created_at, Comment.id)
        )
    )


def add_comment(user, resource: Resource, body: str) -> Comment:
    body = " ".join(body.split()) if "\n" not in body else body.strip()
    if not body:
        raise RuleError("body", _l("Write a few words."))
    if len(body) > 500:
        raise RuleError("body", _l("Keep it under 500 characters."))
    comment = Comment(resource_id=resource.id, user_id=user.id, body=body)
    db.session.add(comment)
    db.session.flush()
    return comment


def visible_comment(viewer, comment_id: int) -> Comment:
    """A comment on a resource in the bank of the viewer's organisation, or a 404."""
    comment = db.session.get(Comment, comment_id)
    resource = db.session.get(Resource, comment.resource_id) if comment is not None else None
    if resource is None or resource.organisation_id != viewer.organisation_id or resource.removed_at is not None:
        comment = None
    return found(comment, "comment_id", _l("No such comment."))


def may_delete_comment(user, comment: Comment) -> bool:
    return user.is_admin or comment.user_id == user.id


def delete_comment(user, comment: Comment) -> None:
    if not may_delete_comment(user, comment):
        raise RuleError("comment", _l("Only its author or an admin can delete a comment."), 403)
    db.session.delete(comment)
    db.session.flush()


def tag_suggestions(organisation_id: int, prefix: str = "", limit: int = 10) -> list[dict]:
    """The organisation's tags starting with `prefix`, most used first."""
    prefix = " ".join(prefix.replace("#", " ").split()).lower()
    uses = func.count(Resource.id).label("uses")
    stmt = (
        select(Tag.name, uses)
        .join(ResourceTag, ResourceTag.tag_id == Tag.id)
        .join(Resource, (Resource.id == ResourceTag.resource_id) & Resource.removed_at.is_(None))
        .where(Tag.organisation_id == organisation_id)
        .group_by(Tag.id, Tag.name)
        .order_by(uses.desc(), Tag.name)
        .limit(limit)
    )
    if prefix:
        stmt = stmt.where(Tag.name.startswith(prefix, autoescape=True))
    return [{"name": name, "count": count} for name, count in db.session.execute(stmt)]
