"""Lessons learned: shared successes and failures, searchable, optionally anonymous, thanked, and
logged as learning time by those who read them.

An anonymous lesson keeps its author (so they can edit it and find it in their export), but nothing
a colleague can see says who that is: not a name, not an id or a time that would place it among the
author's named posts (ids are random, times are days), not an order. Admins, who moderate, see the
author. Functions flush; the request commits.
"""

import math
import secrets
import uuid
from collections.abc import Callable

from flask import Flask, current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..accounts import service as accounts
from ..clock import as_utc, local_today, utcnow
from ..database import LARGEST_ID, insert
from ..errors import RuleError, found
from ..extensions import db
from ..log import service as log
from ..search import document
from ..text import normalise_tags
from .browse import list_lessons  # noqa: F401  (part of this feature's service)
from .models import Lesson, LessonRead, LessonTag, LessonThanks
from .present import describe, describe_many, may_edit, tags_of  # noqa: F401

EDITABLE = ("title", "context", "what_happened", "learned", "next_time", "outcome", "anonymous")
TEXTS = ("title", "context", "what_happened", "learned", "next_time")
# Reading entries get ids made from this namespace, the lesson and the person: logging the same
# lesson twice (two taps, two devices) stores one entry.
READ_NAMESPACE = uuid.UUID("0b7f6f1e-4c1a-5e55-8a0c-6c1d2e3f4a5b")
WORDS_PER_MINUTE = 200


Published = Callable[[Lesson], None]  # (a new lesson) -> writes in the same transaction


def register_on_published(app: Flask, hear: Published) -> None:
    """A feature above lessons hears of each newly published lesson (channels post it), in the
    transaction that publishes it. What it is handed includes `author_id` and `anonymous`: it must
    say nothing of who wrote an anonymous lesson."""
    app.extensions.setdefault("lessons.on_published", []).append(hear)


def visible_lesson(viewer, lesson_id: int) -> Lesson:
    """A lesson of the viewer's organisation, or a 404."""
    lesson = db.session.get(Lesson, lesson_id) if 0 < lesson_id <= LARGEST_ID else None
    visible = lesson if lesson is not None and lesson.organisation_id == viewer.organisation_id else None
    return found(visible, "lesson_id", _l("No such lesson."))


def editable_lesson(viewer, lesson_id: int) -> Lesson:
    """A lesson the viewer may change (its author, or an admin), or a 404 or a 403."""
    lesson = visible_lesson(viewer, lesson_id)
    if not may_edit(viewer, lesson):
        raise RuleError("lesson_id", _l("Only the author or an admin may change this lesson."), 403)
    return lesson


def _refresh_search(lesson: Lesson, tags: list[str]) -> None:
    lesson.search_text = document(*(getattr(lesson, key) for key in TEXTS), *tags)


def _set_tags(lesson: Lesson, names) -> list[str]:
    tags = normalise_tags(names)
    db.session.execute(db.delete(LessonTag).where(LessonTag.lesson_id == lesson.id))
    for name in tags:
        db.session.add(LessonTag(lesson_id=lesson.id, name=name))
    return tags


def add_lesson(user, data: dict) -> Lesson:
    """Published today (the organisation's day) under a random id."""
    fields = {key: data[key] for key in EDITABLE if key in data}
    published_on = local_today(accounts.organisation_of(user).timezone)
    for _attempt in range(5):
        lesson = Lesson(
            id=secrets.randbelow(LARGEST_ID) + 1,
            organisation_id=user.organisation_id,
            author_id=user.id,
            published_on=published_on,
            **fields,
        )
        try:
            with db.session.begin_nested():
                db.session.add(lesson)
        except IntegrityError:  # that id was taken (about one in a billion): draw another
            continue
        _refresh_search(lesson, _set_tags(lesson, data.get("tags")))
        db.session.flush()
        for hear in current_app.extensions.get("lessons.on_published", []):
            hear(lesson)
        return lesson
    raise RuleError("lesson", _l("Please try again."), 409)


def update_lesson(user, lesson: Lesson, changes: dict) -> Lesson:
    if "anonymous" in changes and changes["anonymous"] != lesson.anonymous and lesson.author_id != user.id:
        # Only the author decides whether their name is shown: an admin unmasking it would betray them.
        raise RuleError("anonymous", _l("Only the author may change whether a lesson is anonymous."), 403)
    for key in EDITABLE:
        if key in changes:
            setattr(lesson, key, changes[key])
    tags = _set_tags(lesson, changes["tags"]) if "tags" in changes else tags_of([lesson.id])[lesson.id]
    _refresh_search(lesson, tags)
    db.session.flush()
    return lesson


def delete_lesson(lesson: Lesson) -> None:
    """Thanks and reads go with it; time people logged for reading it stays in their log."""
    for model in (LessonTag, LessonThanks, LessonRead):
        db.session.execute(db.delete(model).where(model.lesson_id == lesson.id))
    db.session.delete(lesson)
    db.session.flush()


# -- thanks and reading ---------------------------------------------------------------------------
def thank(user, lesson: Lesson) -> bool:
    """ "Thank you for sharing"; True when this call added the thanks (once per person)."""
    if lesson.author_id == user.id:
        raise RuleError("lesson", _l("This is your own lesson: thanks are for the colleagues who shared."), 409)
    table = LessonThanks.__table__
    row = {"lesson_id": lesson.id, "user_id": user.id, "created_at": utcnow()}
    stmt = insert(table).values(row).on_conflict_do_nothing(index_elements=["lesson_id", "user_id"])
    return bool(db.session.execute(stmt.returning(table.c.user_id)).first())


def unthank(user, lesson: Lesson) -> None:
    db.session.execute(
        db.delete(LessonThanks).where(LessonThanks.lesson_id == lesson.id, LessonThanks.user_id == user.id)
    )
    db.session.flush()


def reading_minutes(lesson: Lesson) -> int:
    """A reading estimate in whole fives: 5 minutes at least, 30 at most."""
    words = sum(len((getattr(lesson, key) or "").split()) for key in TEXTS)
    return max(5, min(30, 5 * math.ceil(words / WORDS_PER_MINUTE / 5)))


def read_entry_id(lesson_id: int, user_id: int) -> str:
    return str(uuid.uuid5(READ_NAMESPACE, f"lesson-read:{lesson_id}:{user_id}"))


def log_reading(user, lesson: Lesson, minutes: int | None = None):
    """Log reading the lesson as learning time today, once per person and lesson: `(entry, created)`."""
    entry, created = log.log_entry(
        user,
        {
            "id": read_entry_id(lesson.id, user.id),
            "date": local_today(user.timezone),
            "minutes": minutes or reading_minutes(lesson),
            "activity": "article",
            "title": lesson.title[:200],
        },
    )
    stmt = insert(LessonRead.__table__).values(lesson_id=lesson.id, user_id=user.id, created_at=entry.created_at)
    db.session.execute(stmt.on_conflict_do_nothing(index_elements=["lesson_id", "user_id"]))
    db.session.flush()
    return entry, created


# -- personal data --------------------------------------------------------------------------------
def lessons_by(user) -> list[Lesson]:
    return list(db.session.scalars(select(Lesson).where(Lesson.author_id == user.id).order_by(Lesson.id)))


def export_personal_data(user) -> dict:
    """Every lesson the person wrote, anonymous ones included (they are the person's own), and the
    lessons they thanked."""
    own = lessons_by(user)
    tags = tags_of([lesson.id for lesson in own])
    thanked = db.session.scalars(select(LessonThanks.lesson_id).where(LessonThanks.user_id == user.id))
    return {
        "written": [
            {
                "id": lesson.id,
                "title": lesson.title,
                "context": lesson.context,
                "what_happened": lesson.what_happened,
                "learned": lesson.learned,
                "next_time": lesson.next_time,
                "outcome": lesson.outcome,
                "anonymous": lesson.anonymous,
                "tags": tags.get(lesson.id, []),
                "created_at": as_utc(lesson.created_at).isoformat(),
            }
            for lesson in own
        ],
        "thanked_lesson_ids": sorted(thanked),
    }


def erase_personal_data(user) -> None:
    """Lessons stay, made anonymous and no longer tied to the person: they were shared with the
    organisation, and what was learned is the organisation's to keep. Their thanks and reads go."""
    db.session.execute(db.update(Lesson).where(Lesson.author_id == user.id).values(author_id=None, anonymous=True))
    for model in (LessonThanks, LessonRead):
        db.session.execute(db.delete(model).where(model.user_id == user.id))
