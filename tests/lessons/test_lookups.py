"""The lessons' lookups, called directly: a lesson is visible in its own organisation only, and only its
author or an admin may change it."""

from server.lessons import service as lessons
from tests.lessons.test_lessons import lesson_body
from tests.support import refused


def test_a_lesson_is_visible_in_its_organisation_only(org):
    lesson = lessons.add_lesson(org.erik, lesson_body())
    assert lessons.visible_lesson(org.nora, lesson.id) is lesson
    for viewer, lesson_id in [(org.outsider_admin, lesson.id), (org.nora, lesson.id % 1_000_000 + 1), (org.nora, 0)]:
        with refused(404, "lesson_id", sv="Lärdomen finns inte."):
            lessons.visible_lesson(viewer, lesson_id)


def test_only_its_author_or_an_admin_may_change_it(org):
    lesson = lessons.add_lesson(org.erik, lesson_body())
    assert lessons.editable_lesson(org.erik, lesson.id) is lesson
    assert lessons.editable_lesson(org.admin, lesson.id) is lesson
    with refused(403, "lesson_id", sv="Bara den som skrev lärdomen eller en administratör kan ändra den."):
        lessons.editable_lesson(org.maja, lesson.id)
    with refused(404):
        lessons.editable_lesson(org.outsider_admin, lesson.id)
