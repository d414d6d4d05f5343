"""Lessons learned: shared successes and failures, searchable, optionally anonymous.

An anonymous lesson keeps its author (so they can edit it and find it in their export) but nothing
shown to anyone else, admins included, ever says who that is. Functions flush; the request commits.
"""
from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, or_, select

from ..accounts import service as accounts
from ..clock import as_utc
from ..errors import RuleError
from ..extensions import db
from ..fields import View
from ..pagination import cursor_id, decode_cursor, encode_cursor
from ..text import normalise_tags
from .models import Lesson, LessonTag

EDITABLE = ("title", "context", "what_happened", "learned", "next_time", "outcome", "anonymous")
TEXT_COLUMNS = (Lesson.title, Lesson.context, Lesson.what_happened, Lesson.learned, Lesson.next_time)


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
        raise RuleError("anonymous", _l("Only the author may change whether a lesson is anonymous."), 403)
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


def list_lessons(organisation_id: int, *, q: str | None = None, outcome: str | None = None,
                 tag: str | None = None, limit: int = 20, cursor: str | None = None
                 ) -> tuple[list[Lesson], str | None]:
    """Newest first; every word of `q` must appear in one of the lesson's texts or its tags."""
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
        tagged = exists().where(LessonTag.lesson_id == Lesson.id, LessonTag.name.ilike(pattern, escape="\\"))
        query = query.where(or_(tagged, *(column.ilike(pattern, escape="\\") for column in TEXT_COLUMNS)))
    state = decode_cursor(cursor)
    if state:
        query = query.where(Lesson.id < cursor_id(state.get("l")))
    rows = list(db.session.scalars(query.order_by(Lesson.id.desc()).limit(limit + 1)))
    next_cursor = encode_cursor({"l": rows[limit - 1].id}) if len(rows) > limit else None
    return rows[:limit], next_cursor


def tags_of(lesson_ids) -> dict[int, list[str]]:
    ids = list(set(lesson_ids))
    tags: dict[int, list[str]] = {i: [] for i in ids}
    if ids:
        for lesson_id, name in db.session.execute(select(LessonTag.lesson_id, LessonTag.name)
                                                  .where(LessonTag.lesson_id.in_(ids)).order_by(LessonTag.name)):
            tags[lesson_id].append(name)
    return tags


def describe_many(lessons: list[Lesson], viewer) -> list[View]:
    tags = tags_of([lesson.id for lesson in lessons])
    named = accounts.users_by_id([lesson.author_id for lesson in lessons
                                  if not lesson.anonymous and lesson.author_id is not None])
    return [View(lesson, tags=tags.get(lesson.id, []),
                 author=None if lesson.anonymous else named.get(lesson.author_id),
                 mine=lesson.author_id is not None and lesson.author_id == viewer.id,
                 can_edit=may_edit(viewer, lesson)) for lesson in lessons]


def describe(lesson: Lesson, viewer) -> dict:
    return describe_many([lesson], viewer)[0]


def lessons_by(user) -> list[Lesson]:
    return list(db.session.scalars(select(Lesson).where(Lesson.author_id == user.id).order_by(Lesson.id)))


def export_personal_data(user) -> list[dict]:
    """Every lesson the person wrote, anonymous ones included: they are the person's own."""
    own = lessons_by(user)
    tags = tags_of([lesson.id for lesson in own])
    return [{"id": lesson.id, "title": lesson.title, "context": lesson.context,
             "what_happened": lesson.what_happened, "learned": lesson.learned, "next_time": lesson.next_time,
             "outcome": lesson.outcome, "anonymous": lesson.anonymous, "tags": tags.get(lesson.id, []),
             "created_at": as_utc(lesson.created_at).isoformat()} for lesson in own]


def erase_personal_data(user) -> None:
    """Lessons stay, made anonymous and no longer tied to the person: they were shared with the
    organisation, and what was learned is the organisation's to keep."""
    db.session.execute(db.update(Lesson).where(Lesson.author_id == user.id).values(author_id=None, anonymous=True))
