"""Finding lessons: filters, full-text search (the core shared with the bank) and keyset pages.

Lists run newest day first. Within a day the order is the lessons' random ids: it says nothing of
who wrote what when, so an anonymous lesson cannot be placed next to its author's named ones.
"""

from datetime import date

from sqlalchemy import Date, exists, literal, select, tuple_

from ..extensions import db
from ..pagination import cursor_id, decode_cursor, encode_cursor, invalid_cursor
from ..search import Index
from ..text import normalise_tags
from .models import Lesson, LessonTag

INDEX = Index("lessons_fts", "lesson_id")


def _after(state: dict):
    keys = state.get("k")
    if not isinstance(keys, list) or len(keys) != 2 or not isinstance(keys[0], str):
        raise invalid_cursor()
    try:
        day = date.fromisoformat(keys[0])
    except ValueError as error:
        raise invalid_cursor() from error
    return tuple_(Lesson.published_on, Lesson.id) < tuple_(literal(day, Date), cursor_id(keys[1]))


def list_lessons(
    organisation_id: int,
    *,
    q: str | None = None,
    outcome: str | None = None,
    tag: str | None = None,
    author_id: int | None = None,
    limit: int = 20,
    cursor: str | None = None,
) -> tuple[list[Lesson], str | None]:
    """Every word of `q` must start a word of one of the lesson's texts or its tags (any case or accent)."""
    query = select(Lesson).where(Lesson.organisation_id == organisation_id)
    if outcome:
        query = query.where(Lesson.outcome == outcome)
    if author_id is not None:
        query = query.where(Lesson.author_id == author_id)
    if tag:
        wanted = normalise_tags([tag])
        if not wanted:
            return [], None
        query = query.where(exists().where(LessonTag.lesson_id == Lesson.id, LessonTag.name == wanted[0]))
    matching = INDEX.matching_ids(q)
    if matching is not None:
        query = query.where(Lesson.id.in_(matching))
    state = decode_cursor(cursor)
    if state:
        query = query.where(_after(state))
    rows = list(db.session.scalars(query.order_by(Lesson.published_on.desc(), Lesson.id.desc()).limit(limit + 1)))
    next_cursor = None
    if len(rows) > limit:
        last = rows[limit - 1]
        next_cursor = encode_cursor({"k": [last.published_on.isoformat(), last.id]})
    return rows[:limit], next_cursor
