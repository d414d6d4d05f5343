"""A person's own data in the bank: what they shared, saved, reacted to and commented.

Erasing removes saves, reactions and comments; shared resources stay (the bank belongs to the
organisation) but no longer name who shared them.
"""

from sqlalchemy import select, update

from ..clock import iso
from ..extensions import db
from .models import Comment, Reaction, Resource, ResourceSharer, Save
from .service import bump


def _resource_rows(model, user_id: int) -> list[dict]:
    rows = db.session.execute(
        select(Resource.id, Resource.url, Resource.title, model.created_at)
        .join(model, model.resource_id == Resource.id)
        .where(model.user_id == user_id)
        .order_by(model.created_at)
    )
    return [{"resource_id": rid, "url": url, "title": title, "at": iso(at)} for rid, url, title, at in rows]


def export_personal_data(user) -> dict:
    shared = db.session.scalars(select(Resource).where(Resource.shared_by_id == user.id).order_by(Resource.id))
    comments = db.session.scalars(select(Comment).where(Comment.user_id == user.id).order_by(Comment.id))
    return {
        "shared_resources": [
            {
                "id": r.id,
                "url": r.url,
                "kind": r.kind,
                "title": r.title,
                "description": r.description,
                "created_at": iso(r.created_at),
                "removed_at": iso(r.removed_at),
            }
            for r in shared
        ],
        "also_shared": _resource_rows(ResourceSharer, user.id),
        "saves": _resource_rows(Save, user.id),
        "reactions": _resource_rows(Reaction, user.id),
        "comments": [
            {"id": c.id, "resource_id": c.resource_id, "body": c.body, "created_at": iso(c.created_at)}
            for c in comments
        ],
    }


def erase_personal_data(user) -> None:
    for model, counter in ((Save, "save_count"), (Reaction, "reaction_count")):
        for resource_id in db.session.scalars(select(model.resource_id).where(model.user_id == user.id)).all():
            bump(resource_id, **{counter: -1})
        db.session.execute(model.__table__.delete().where(model.user_id == user.id))
    db.session.execute(Comment.__table__.delete().where(Comment.user_id == user.id))
    db.session.execute(ResourceSharer.__table__.delete().where(ResourceSharer.user_id == user.id))
    db.session.execute(
        update(Resource)
        .where(Resource.shared_by_id == user.id)
        .values(shared_by_id=None)
        .execution_options(synchronize_session=False)
    )
    db.session.flush()
