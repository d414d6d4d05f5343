"""HTTP routes: lessons learned (search, share, edit), thanks, and logging a lesson read."""

from flask.views import MethodView
from flask_login import current_user

from ..auth import login_required
from ..http import Blueprint
from ..log.service import EntrySchema
from . import service as lessons
from .schemas import (
    LessonCreateSchema,
    LessonPageSchema,
    LessonQuerySchema,
    LessonReadSchema,
    LessonSchema,
    LessonUpdateSchema,
)

blp = Blueprint(
    "lessons",
    __name__,
    url_prefix="/api/v1",
    description="Lessons learned: successes and failures shared with the organisation",
)


@blp.route("/lessons")
class Lessons(MethodView):
    @login_required
    @blp.arguments(LessonQuerySchema, location="query")
    @blp.response(200, LessonPageSchema)
    def get(self, query):
        """The organisation's lessons, newest day first; `q` searches every text of a lesson and its tags."""
        mine = query.pop("mine")
        items, next_cursor = lessons.list_lessons(
            current_user.organisation_id, author_id=current_user.id if mine else None, **query
        )
        return {"items": lessons.describe_many(items, current_user), "next_cursor": next_cursor}

    @login_required
    @blp.arguments(LessonCreateSchema)
    @blp.response(201, LessonSchema)
    def post(self, data):
        return lessons.describe(lessons.add_lesson(current_user, data), current_user)


@blp.route("/lessons/<int:lesson_id>")
class LessonById(MethodView):
    @login_required
    @blp.response(200, LessonSchema)
    def get(self, lesson_id):
        return lessons.describe(lessons.visible_lesson(current_user, lesson_id), current_user)

    @login_required
    @blp.arguments(LessonUpdateSchema)
    @blp.response(200, LessonSchema)
    def patch(self, changes, lesson_id):
        lesson = lessons.editable_lesson(current_user, lesson_id)
        return lessons.describe(lessons.update_lesson(current_user, lesson, changes), current_user)

    @login_required
    @blp.response(204)
    def delete(self, lesson_id):
        lessons.delete_lesson(lessons.editable_lesson(current_user, lesson_id))


@blp.route("/lessons/<int:lesson_id>/thanks")
class LessonThanks(MethodView):
    @login_required
    @blp.response(200, LessonSchema)
    @blp.alt_response(409, description="The caller wrote it")
    def put(self, lesson_id):
        """ "Thank you for sharing" (once per person); answers the lesson with its new count."""
        lesson = lessons.visible_lesson(current_user, lesson_id)
        lessons.thank(current_user, lesson)
        return lessons.describe(lesson, current_user)

    @login_required
    @blp.response(200, LessonSchema)
    def delete(self, lesson_id):
        lesson = lessons.visible_lesson(current_user, lesson_id)
        lessons.unthank(current_user, lesson)
        return lessons.describe(lesson, current_user)


@blp.route("/lessons/<int:lesson_id>/read")
class LessonRead(MethodView):
    @login_required
    @blp.arguments(LessonReadSchema)
    @blp.response(201, EntrySchema)
    @blp.alt_response(200, schema=EntrySchema, description="Logged before: the same entry")
    def post(self, data, lesson_id):
        """Log reading the lesson as learning time (an `article` entry today), once per person and lesson."""
        entry, created = lessons.log_reading(
            current_user, lessons.visible_lesson(current_user, lesson_id), data.get("minutes")
        )
        return entry, 201 if created else 200
