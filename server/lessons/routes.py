"""HTTP routes: lessons learned (search, share, edit)."""
from flask.views import MethodView
from flask_babel import gettext as _
from flask_login import current_user
from flask_smorest import abort

from ..auth import login_required
from ..http import Blueprint
from . import service as lessons
from .schemas import LessonCreateSchema, LessonPageSchema, LessonQuerySchema, LessonSchema, LessonUpdateSchema

blp = Blueprint("lessons", __name__, url_prefix="/api/v1",
                description="Lessons learned: successes and failures shared with the organisation")


def _lesson_or_404(lesson_id: int):
    lesson = lessons.get_lesson(current_user.organisation_id, lesson_id)
    if lesson is None:
        abort(404, message=_("No such lesson."))
    return lesson


def _editable(lesson_id: int):
    lesson = _lesson_or_404(lesson_id)
    if not lessons.may_edit(current_user, lesson):
        abort(403, message=_("Only the author or an admin may change this lesson."))
    return lesson


@blp.route("/lessons")
class Lessons(MethodView):
    @login_required
    @blp.arguments(LessonQuerySchema, location="query")
    @blp.response(200, LessonPageSchema)
    def get(self, query):
        """The organisation's lessons, newest first; `q` searches every text of a lesson and its tags."""
        items, next_cursor = lessons.list_lessons(current_user.organisation_id, **query)
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
        return lessons.describe(_lesson_or_404(lesson_id), current_user)

    @login_required
    @blp.arguments(LessonUpdateSchema)
    @blp.response(200, LessonSchema)
    def patch(self, changes, lesson_id):
        return lessons.describe(lessons.update_lesson(current_user, _editable(lesson_id), changes), current_user)

    @login_required
    @blp.response(204)
    def delete(self, lesson_id):
        lessons.delete_lesson(_editable(lesson_id))
