"""Lessons learned: shared successes and failures, searchable, optionally anonymous.

An anonymous lesson keeps its author (so they can edit it and find it in their export) but nothing
shown to anyone else, admins included, ever says who that is. Functions flush; the caller commits.
"""
import base64
import binascii

from sqlalchemy import exists, or_, select

from ..accounts import service as accounts
from ..extensions import db
from .models import Lesson, LessonTag
from .service import SessionError, as_utc

EDITABLE = ("title", "context", "what_happened", "learned", "next_time", "outcome", "anonymous")


def normalise_tags(names) -> list[str]:
    seen: dict[str, None] = {}
    for name in names or []:
        tag = " ".join(str(name).replace("#", " ").split()).lower()[:40].strip()
        if tag:
            seen.setdefault(tag, None)
    return list(seen)


def get_lesson(organisation_id: int, lesson_id: int) -> Lesson | None:
    lesson = db.session.get(Lesson, lesson_id)
    return lesson if lesson is not None and lesson.organisation_id == organisation_id else None


def may_edit(user, lesson: Lesson) -> bool:
    return user.is_admin or (lesson.author_id is not None and lesson.author_id == user.id)


def _set_tags(lesson: Lesson, names) -> None:
    db.session.execute(db.delete(LessonTag).where(LessonTag.lesson_id == lesson.id))
    for name in normalise_tags(names):
        db.session.add(LessonTag(lesson_id=lesson.id, name=name))


def add_lesson(user, data: dict) -> Lesson:
    lesson = Lesson(organisation_id=user.organisation_id, author_id=user.id,
                    **{key: data[key] for key in EDITABLE if key in data})
    db.session.add(lesson)
    db.session.flush()
    _set_tags(lesson, data.get("tags"))
    db.session.flush()
    return lesson


def update_lesson(user, lesson: Lesson, changes: dict) -> Lesson:
    if "anonymous" in changes and changes["anonymous"] != lesson.anonymous and lesson.author_id != user.id:
        # Only the author decides whether their name is shown: an admin unmasking it would betray them.
        raise SessionError("anonymous", "Only the author may change whether a lesson is anonymous.", 403)
    for key in EDITABLE:
        if key in changes:
            setattr(lesson, key, changes[key])
    if "tags" in changes:
        _set_tags(lesson, changes["tags"])
    db.session.flush()
    return lesson


def delete_lesson(lesson: Lesson) -> None:
    db.session.execute(db.delete(LessonTag).where(LessonTag.lesson_id == lesson.id))
    db.session.delete(lesson)
    db.session.flush()


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _cursor_id(cursor: str | None) -> int | None:
    if not cursor:
        return None
    try:
        value = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        if not value.startswith("l:"):
            raise ValueError(value)
        return int(value[2:])
    except (binascii.Error, ValueError, UnicodeDecodeError) as error:
        raise SessionError("cursor", "This cursor is not valid; start from the first page.") from error


def _cursor_for(lesson_id: int) -> str:
    return base64.urlsafe_b64encode(f"l:{lesson_id}".encode()).decode().rstrip("=")


def list_lessons(organisation_id: int, *, q: str | None = None, outcome: str | None = None,
                 tag: str | None = None, limit: int = 20, cursor: str | None = None
                 ) -> tuple[list[Lesson], str | None]:
    """Newest first; `q` looks in the title, the context and what was learned."""
    query = select(Lesson).where(Lesson.organisation_id == organisation_id)
    if outcome:
        query = query.where(Lesson.outcome == outcome)
    if tag:
        wanted = normalise_tags([tag])
        if not wanted:
            return [], None
        query = query.where(exists().where(LessonTag.lesson_id == Lesson.id, LessonTag.name == wanted[0]))
    for word in (q or "").split()[:8]:
        pattern = _like(word)
        query = query.where(or_(*(column.ilike(pattern, escape="\\")
                                  for column in (Lesson.title, Lesson.context, Lesson.learned))))
    after = _cursor_id(cursor)
    if after is not None:
        query = query.where(Lesson.id < after)
    rows = list(db.session.scalars(query.order_by(Lesson.id.desc()).limit(limit + 1)))
    next_cursor = _cursor_for(rows[limit - 1].id) if len(rows) > limit else None
    return rows[:limit], next_cursor


def tags_of(lesson_ids) -> dict[int, list[str]]:
    ids = list(set(lesson_ids))
    tags: dict[int, list[str]] = {i: [] for i in ids}
    if ids:
        for lesson_id, name in db.session.execute(select(LessonTag.lesson_id, LessonTag.name)
                                                  .where(LessonTag.lesson_id.in_(ids)).order_by(LessonTag.name)):
            tags[lesson_id].append(name)
    return tags


def describe_many(lessons: list[Lesson], viewer) -> list[dict]:
    tags = tags_of([lesson.id for lesson in lessons])
    named = accounts.users_by_id([lesson.author_id for lesson in lessons
                                  if not lesson.anonymous and lesson.author_id is not None])
    described = []
    for lesson in lessons:
        author = None if lesson.anonymous else named.get(lesson.author_id)
        described.append({
            "id": lesson.id, "title": lesson.title, "context": lesson.context,
            "what_happened": lesson.what_happened, "learned": lesson.learned, "next_time": lesson.next_time,
            "outcome": lesson.outcome, "anonymous": lesson.anonymous, "tags": tags.get(lesson.id, []),
            "author": {"id": author.id, "name": author.name} if author else None,
            "mine": lesson.author_id is not None and lesson.author_id == viewer.id,
            "can_edit": may_edit(viewer, lesson),
            "created_at": as_utc(lesson.created_at), "updated_at": as_utc(lesson.updated_at),
        })
    return described


def describe(lesson: Lesson, viewer) -> dict:
    return describe_many([lesson], viewer)[0]


def lessons_by(user) -> list[Lesson]:
    return list(db.session.scalars(select(Lesson).where(Lesson.author_id == user.id).order_by(Lesson.id)))
