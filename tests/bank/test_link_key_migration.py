"""Moving the duplicate key out of the stored link keeps a bank that already has data whole: every
resource gets its key, tags, saves and comments stay, and the full-text triggers keep working."""

from datetime import UTC, datetime

from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from server.bank.urls import link_key
from server.extensions import db
from server.search import document
from tests.foundation.test_migrations import scratch_app  # noqa: F401  (the fixture: an empty database)

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
OLD_LINKS = ["https://example.com/guide", "https://example.com/a?b=2&c=1", "https://sverigesradio.se/avsnitt/1"]


def _bank_as_it_was() -> None:
    """Rows as the previous version wrote them: the normalised link was the stored link."""
    with db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO organisations (id, name, timezone, weekly_goal_minutes, default_locale, "
                "show_individual_minutes, min_group_size, created_at) "
                "VALUES (1, 'Acme AB', 'Europe/Stockholm', 60, 'sv', false, 5, :now)"
            ),
            {"now": NOW},
        )
        conn.execute(
            text(
                "INSERT INTO users (id, organisation_id, email, name, role, locale, timezone, active, "
                "created_at) VALUES (1, 1, 'sara@acme.example', 'Sara', 'employee', 'sv', "
                "'Europe/Stockholm', true, :now)"
            ),
            {"now": NOW},
        )
        conn.execute(text("INSERT INTO tags (id, organisation_id, name) VALUES (1, 1, 'ledarskap')"))
        for number, url in enumerate(OLD_LINKS, 1):
            conn.execute(
                text(
                    "INSERT INTO resources (id, organisation_id, url, kind, title, tags_text, shared_by_id, "
                    "created_at, updated_at, save_count, log_count, logged_minutes, reaction_count, popularity) VALUES "
                    "(:id, 1, :url, 'article', :title, 'ledarskap', 1, :now, :now, 1, 0, 0, 0, 1)"
                ),
                {"id": number, "url": url, "title": f"Förändring nummer {number}", "now": NOW},
            )
            conn.execute(text("INSERT INTO resource_tags (resource_id, tag_id) VALUES (:id, 1)"), {"id": number})
            conn.execute(
                text("INSERT INTO resource_saves (user_id, resource_id, created_at) VALUES (1, :id, :now)"),
                {"id": number, "now": NOW},
            )
            conn.execute(
                text(
                    "INSERT INTO resource_comments (resource_id, user_id, body, created_at) "
                    "VALUES (:id, 1, 'Bra', :now)"
                ),
                {"id": number, "now": NOW},
            )


def _count(table: str) -> int:
    with db.engine.connect() as conn:
        return conn.execute(text(f"SELECT count(*) FROM {table}")).scalar()


def _triggers() -> list[str]:
    with db.engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            return sorted(
                conn.execute(
                    text("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'resources'")
                ).scalars()
            )
        return sorted(
            conn.execute(
                text("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgrelid = 'resources'::regclass")
            ).scalars()
        )


def test_an_existing_bank_gets_its_keys_and_keeps_everything(scratch_app):  # noqa: F811
    upgrade(revision="org_0001")
    _bank_as_it_was()
    triggers = _triggers()
    assert triggers, "the full-text triggers are there before"
    upgrade(revision="heads")
    with db.engine.connect() as conn:
        rows = conn.execute(text("SELECT url, url_key FROM resources ORDER BY id")).all()
    assert [tuple(r) for r in rows] == [(url, link_key(url)) for url in OLD_LINKS]
    assert (_count("resource_tags"), _count("resource_saves"), _count("resource_comments")) == (3, 3, 3)
    assert _triggers() == triggers
    with db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO resources (id, organisation_id, url, url_key, kind, title, tags_text, "
                "search_text, created_at, updated_at, save_count, log_count, logged_minutes, reaction_count, "
                "popularity) VALUES (4, 1, 'https://x.example/#/c/1', 'https://x.example/#/c/1', 'course', "
                "'Ett nytt ord: zebrafink', '', :folded, :now, :now, 0, 0, 0, 0, 0)"
            ),
            {"now": NOW, "folded": document("Ett nytt ord: zebrafink")},
        )
        if conn.dialect.name == "sqlite":
            found = conn.execute(text("SELECT rowid FROM resources_fts WHERE resources_fts MATCH 'zebrafink'")).all()
        else:
            found = conn.execute(
                text("SELECT resource_id FROM resources_fts WHERE document @@ to_tsquery('simple', 'zebrafink')")
            ).all()
    assert [tuple(r) for r in found] == [(4,)], "a resource added after the upgrade is found by search"
    with db.engine.begin() as conn:
        conn.execute(text("DELETE FROM resources WHERE id = 4"))
    downgrade(revision="org_0001")
    with db.engine.connect() as conn:
        assert [r[0] for r in conn.execute(text("SELECT url FROM resources ORDER BY id"))] == OLD_LINKS
    assert (_count("resource_tags"), _count("resource_saves")) == (3, 3)
