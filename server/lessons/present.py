"""Lessons as a given person sees them.

Colleagues see an anonymous lesson's text, outcome, tags, the day it was published and a count of
thanks: nothing that says who wrote it. The author sees `mine`; admins, who moderate, also see
`written_by` (and only they get that field at all). Thanks are a count for everyone, never names:
a list of who thanked invites keeping score, and on an anonymous lesson it would say who did not.
"""

from sqlalchemy import func, select

from ..accounts import service as accounts
from ..clock import as_utc, zone
from ..extensions import db
from ..fields import View
from .models import Lesson, LessonRead, LessonTag, LessonThanks


def may_edit(user, lesson: Lesson) -> bool:
    return user.is_admin or (lesson.author_id is not None and lesson.author_id == user.id)


def tags_of(lesson_ids) -> dict[int, list[str]]:
    ids = list(set(lesson_ids))
    tags: dict[int, list[str]] = {i: [] for i in ids}
    if ids:
        for lesson_id, name in db.session.execute(
            select(LessonTag.lesson_id, LessonTag.name).where(LessonTag.lesson_id.in_(ids)).order_by(LessonTag.name)
        ):
            tags[lesson_id].append(name)
    return tags


def _thanks_counts(ids: list[int]) -> dict[int, int]:
    if not ids:
        return {}
    return {
        lesson_id: int(count)
        for lesson_id, count in db.session.execute(
            select(LessonThanks.lesson_id, func.count())
            .where(LessonThanks.lesson_id.in_(ids))
            .group_by(LessonThanks.lesson_id)
        )
    }


def _viewers_own(model, viewer, ids: list[int]) -> set[int]:
    if not ids:
        return set()
    return set(db.session.scalars(select(model.lesson_id).where(model.user_id == viewer.id, model.lesson_id.in_(ids))))


def describe_many(lessons: list[Lesson], viewer) -> list[View]:
    ids = [lesson.id for lesson in lessons]
    tags = tags_of(ids)
    thanks = _thanks_counts(ids)
    thanked = _viewers_own(LessonThanks, viewer, ids)
    read = _viewers_own(LessonRead, viewer, ids)
    shown = [lesson.author_id for lesson in lessons if viewer.is_admin or not lesson.anonymous]
    people = accounts.users_by_id(shown)
    here = zone(accounts.organisation_of(viewer).timezone)
    views = []
    for lesson in lessons:
        extra = {}
        if viewer.is_admin:
            extra["written_by"] = people.get(lesson.author_id)
        views.append(
            View(
                lesson,
                tags=tags.get(lesson.id, []),
                author=None if lesson.anonymous else people.get(lesson.author_id),
                mine=lesson.author_id is not None and lesson.author_id == viewer.id,
                can_edit=may_edit(viewer, lesson),
                thanks_count=thanks.get(lesson.id, 0),
                thanked_by_me=lesson.id in thanked,
                read_logged=lesson.id in read,
                updated_on=as_utc(lesson.updated_at).astimezone(here).date(),
                **extra,
            )
        )
    return views


def describe(lesson: Lesson, viewer) -> View:
    return describe_many([lesson], viewer)[0]
