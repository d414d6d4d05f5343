"""Upgrading a database that already has resources and lessons: their texts become searchable with
accents forgiven, and lessons get random ids and a day, their tags following them."""

from datetime import date

from flask_migrate import upgrade
from sqlalchemy import text

from server.bank.search import matching_ids as resource_ids
from server.extensions import db
from server.lessons import service as lessons
from tests.foundation.test_migrations import scratch_app  # noqa: F401  (the fixture)


def test_existing_rows_are_folded_indexed_and_renumbered(scratch_app):  # noqa: F811
    upgrade(revision="features_merge")
    with db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO organisations (id, name, timezone, weekly_goal_minutes, default_locale, "
                "show_individual_minutes, created_at) VALUES "
                "(1, 'Acme', 'Europe/Stockholm', 60, 'sv', false, '2026-11-01 10:00:00')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO resources (id, organisation_id, url, kind, title, description, tags_text, "
                "created_at, updated_at, save_count, log_count, logged_minutes, reaction_count, popularity) "
                "VALUES (7, 1, 'https://example.com/f', 'article', 'Förändring', 'Om læring', 'återkoppling',"
                " '2026-11-01 10:00:00', '2026-11-01 10:00:00', 0, 0, 0, 0, 0)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO lessons (id, organisation_id, anonymous, title, context, what_happened, "
                "learned, next_time, outcome, created_at, updated_at) VALUES (1, 1, true, 'Fredag', '', "
                "'Rollback took 2 h', 'Släpp tidigt', '', 'failure', '2026-11-01 23:30:00', "
                "'2026-11-01 23:30:00')"
            )
        )
        conn.execute(text("INSERT INTO lesson_tags (lesson_id, name) VALUES (1, 'drift')"))
    upgrade(revision="heads")

    def found(subquery) -> list[int]:
        return list(db.session.scalars(subquery)) if subquery is not None else []

    for q in ("forandring", "LAERING", "aterkopp"):
        assert found(resource_ids(q)) == [7], q
    [(lesson_id, published_on)] = db.session.execute(text("SELECT id, published_on FROM lessons")).all()
    assert lesson_id != 1
    assert str(published_on)[:10] == str(date(2026, 11, 2))  # 23:30 UTC is the next day in Stockholm
    assert db.session.scalar(text("SELECT lesson_id FROM lesson_tags WHERE name = 'drift'")) == lesson_id
    for q in ("rollback", "drift", "slapp"):
        assert [lesson.id for lesson in lessons.list_lessons(1, q=q)[0]] == [lesson_id], q
    db.session.remove()
