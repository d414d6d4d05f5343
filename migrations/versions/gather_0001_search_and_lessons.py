"""Search that forgives case and accents for the bank and lessons alike; lessons with random ids, a day
of publishing, thanks and logged reads.

Each searchable table gets `search_text` (its texts folded: lower case, no accents, ø → o, æ → ae)
and a companion `<table>_fts` indexing that column, kept in step by triggers: FTS5 on SQLite, a
tsvector with a GIN index on PostgreSQL. Existing rows are folded here.

Lessons get random ids and a `published_on` day, so that neither an id nor a time places an
anonymous lesson next to its author's named ones; existing lessons are renumbered.

Revision ID: gather_0001
Revises: audit_0001
"""

import re
import secrets
import unicodedata
from datetime import UTC
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

revision = "gather_0001"
down_revision = "audit_0001"
branch_labels = None
depends_on = None

# The app's folding as it was when this migration was written (server.text.fold and
# server.search.document): a migration must not change when the app's code does.
_FOLDED = str.maketrans(
    {
        "ø": "o",
        "Ø": "o",
        "æ": "ae",
        "Æ": "ae",
        "ß": "ss",
        "đ": "d",
        "Đ": "d",
        "ł": "l",
        "Ł": "l",
        "œ": "oe",
        "Œ": "oe",
        "þ": "th",
        "Þ": "th",
        "ð": "d",
        "Ð": "d",
    }
)
_WORD = re.compile(r"[^\W_]+")


def _document(*texts) -> str:
    out = []
    for value in texts:
        decomposed = unicodedata.normalize("NFKD", (value or "").translate(_FOLDED))
        out.extend(_WORD.findall("".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()))
    return " ".join(out)


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def create_search(table: str, key: str) -> None:
    """`<table>_fts` over `<table>.search_text`, filled from the rows already there."""
    name = f"{table}_fts"
    if _postgres():
        statements = [
            f"""CREATE TABLE {name} ({key} integer PRIMARY KEY REFERENCES {table} (id) ON DELETE CASCADE,
                document tsvector NOT NULL)""",
            f"CREATE INDEX ix_{name}_document ON {name} USING gin (document)",
            # 'simple': no stemming, the folded words match as typed in any of the three languages.
            f"""CREATE FUNCTION {name}_sync() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO {name} ({key}, document) VALUES (NEW.id, to_tsvector('simple', NEW.search_text))
                ON CONFLICT ({key}) DO UPDATE SET document = EXCLUDED.document;
                RETURN NULL;
            END $$""",
            f"CREATE TRIGGER {name}_insert AFTER INSERT ON {table} FOR EACH ROW EXECUTE FUNCTION {name}_sync()",
            f"""CREATE TRIGGER {name}_update AFTER UPDATE OF search_text ON {table}
                FOR EACH ROW EXECUTE FUNCTION {name}_sync()""",
            f"INSERT INTO {name} ({key}, document) SELECT id, to_tsvector('simple', search_text) FROM {table}",
        ]
    else:
        statements = [
            # External content: the words are indexed, the text itself stays in the table.
            f"""CREATE VIRTUAL TABLE {name} USING fts5(search_text, content='{table}', content_rowid='id',
                tokenize='unicode61 remove_diacritics 2', prefix='2 3')""",
            f"""CREATE TRIGGER {name}_insert AFTER INSERT ON {table} BEGIN
                INSERT INTO {name}(rowid, search_text) VALUES (new.id, new.search_text);
            END""",
            f"""CREATE TRIGGER {name}_delete AFTER DELETE ON {table} BEGIN
                INSERT INTO {name}({name}, rowid, search_text) VALUES ('delete', old.id, old.search_text);
            END""",
            f"""CREATE TRIGGER {name}_update AFTER UPDATE OF search_text ON {table} BEGIN
                INSERT INTO {name}({name}, rowid, search_text) VALUES ('delete', old.id, old.search_text);
                INSERT INTO {name}(rowid, search_text) VALUES (new.id, new.search_text);
            END""",
            f"INSERT INTO {name}({name}) VALUES ('rebuild')",
        ]
    for statement in statements:
        op.execute(statement)


def drop_search(table: str) -> None:
    name = f"{table}_fts"
    for trigger in ("insert", "update", "delete"):
        op.execute(f"DROP TRIGGER IF EXISTS {name}_{trigger}" + (f" ON {table}" if _postgres() else ""))
    if _postgres():
        op.execute(f"DROP FUNCTION IF EXISTS {name}_sync()")
    op.execute(f"DROP TABLE IF EXISTS {name}")


# -- resources ---------------------------------------------------------------------------------------
RESOURCES = sa.table(
    "resources",
    sa.column("id", sa.Integer),
    sa.column("title", sa.String),
    sa.column("description", sa.Text),
    sa.column("tags_text", sa.String),
    sa.column("search_text", sa.Text),
)


def _upgrade_resources() -> None:
    drop_search("resources")
    if _postgres():  # the first version's trigger function had another name
        op.execute("DROP FUNCTION IF EXISTS resources_fts_sync()")
    op.add_column("resources", sa.Column("search_text", sa.Text(), server_default="", nullable=False))
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(RESOURCES.c.id, RESOURCES.c.title, RESOURCES.c.description, RESOURCES.c.tags_text)
    ).all()
    updates = [{"rid": r.id, "text": _document(r.title, r.description, r.tags_text)} for r in rows]
    if updates:
        bind.execute(
            RESOURCES.update().where(RESOURCES.c.id == sa.bindparam("rid")).values(search_text=sa.bindparam("text")),
            updates,
        )
    create_search("resources", "resource_id")


def _downgrade_resources() -> None:
    drop_search("resources")
    op.drop_column("resources", "search_text")
    if _postgres():
        for statement in [
            """CREATE TABLE resources_fts (
                resource_id integer PRIMARY KEY REFERENCES resources (id) ON DELETE CASCADE,
                document tsvector NOT NULL)""",
            "CREATE INDEX ix_resources_fts_document ON resources_fts USING gin (document)",
            """CREATE FUNCTION resources_fts_sync() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO resources_fts (resource_id, document)
                VALUES (NEW.id, to_tsvector('simple', coalesce(NEW.title, '') || ' ' || coalesce(NEW.description, '')
                                                      || ' ' || coalesce(NEW.tags_text, '')))
                ON CONFLICT (resource_id) DO UPDATE SET document = EXCLUDED.document;
                RETURN NULL;
            END $$""",
            """CREATE TRIGGER resources_fts_insert AFTER INSERT ON resources
                FOR EACH ROW EXECUTE FUNCTION resources_fts_sync()""",
            """CREATE TRIGGER resources_fts_update AFTER UPDATE OF title, description, tags_text ON resources
                FOR EACH ROW EXECUTE FUNCTION resources_fts_sync()""",
            """INSERT INTO resources_fts (resource_id, document) SELECT id, to_tsvector('simple',
                coalesce(title, '') || ' ' || coalesce(description, '') || ' ' || coalesce(tags_text, ''))
                FROM resources""",
        ]:
            op.execute(statement)
        return
    for statement in [
        """CREATE VIRTUAL TABLE resources_fts USING fts5(
            title, description, tags_text, content='resources', content_rowid='id',
            tokenize='unicode61 remove_diacritics 0', prefix='2 3')""",
        """CREATE TRIGGER resources_fts_insert AFTER INSERT ON resources BEGIN
            INSERT INTO resources_fts(rowid, title, description, tags_text)
            VALUES (new.id, new.title, new.description, new.tags_text);
        END""",
        """CREATE TRIGGER resources_fts_delete AFTER DELETE ON resources BEGIN
            INSERT INTO resources_fts(resources_fts, rowid, title, description, tags_text)
            VALUES ('delete', old.id, old.title, old.description, old.tags_text);
        END""",
        """CREATE TRIGGER resources_fts_update AFTER UPDATE OF title, description, tags_text ON resources BEGIN
            INSERT INTO resources_fts(resources_fts, rowid, title, description, tags_text)
            VALUES ('delete', old.id, old.title, old.description, old.tags_text);
            INSERT INTO resources_fts(rowid, title, description, tags_text)
            VALUES (new.id, new.title, new.description, new.tags_text);
        END""",
        "INSERT INTO resources_fts(resources_fts) VALUES ('rebuild')",
    ]:
        op.execute(statement)


# -- lessons -----------------------------------------------------------------------------------------
LESSON_TEXTS = ("title", "context", "what_happened", "learned", "next_time")


def _lessons_table(*extra: sa.Column) -> sa.Table:
    return sa.table(
        "lessons",
        sa.column("id", sa.Integer),
        sa.column("organisation_id", sa.Integer),
        sa.column("author_id", sa.Integer),
        sa.column("anonymous", sa.Boolean),
        *(sa.column(name, sa.Text) for name in LESSON_TEXTS),
        sa.column("outcome", sa.String),
        sa.column("created_at", sa.DateTime(timezone=True)),
        sa.column("updated_at", sa.DateTime(timezone=True)),
        *extra,
    )


TAGS = sa.table("lesson_tags", sa.column("lesson_id", sa.Integer), sa.column("name", sa.String))
ORGANISATIONS = sa.table("organisations", sa.column("id", sa.Integer), sa.column("timezone", sa.String))


def _create_lessons(new: bool) -> None:
    extra = (
        [
            sa.Column("published_on", sa.Date(), nullable=False),
            sa.Column("search_text", sa.Text(), server_default="", nullable=False),
        ]
        if new
        else []
    )
    op.create_table(
        "lessons",
        sa.Column("id", sa.Integer(), autoincrement=not new, nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        *(sa.Column(name, sa.Text(), nullable=False) for name in LESSON_TEXTS[1:]),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        *extra,
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisations.id"], name=op.f("fk_lessons_organisation_id_organisations")
        ),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_lessons_author_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lessons")),
    )
    if new:
        op.create_index("ix_lessons_org_published", "lessons", ["organisation_id", "published_on", "id"])
    else:
        op.create_index("ix_lessons_org_id", "lessons", ["organisation_id", "id"])
    op.create_index(op.f("ix_lessons_author_id"), "lessons", ["author_id"])
    op.create_table(
        "lesson_tags",
        sa.Column("lesson_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["lesson_id"], ["lessons.id"], name=op.f("fk_lesson_tags_lesson_id_lessons"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("lesson_id", "name", name=op.f("pk_lesson_tags")),
    )
    op.create_index("ix_lesson_tags_name", "lesson_tags", ["name"])


def _person_and_lesson(table: str) -> None:
    op.create_table(
        table,
        sa.Column("lesson_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["lesson_id"], ["lessons.id"], name=op.f(f"fk_{table}_lesson_id_lessons"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f(f"fk_{table}_user_id_users"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("lesson_id", "user_id", name=op.f(f"pk_{table}")),
    )
    op.create_index(op.f(f"ix_{table}_user_id"), table, ["user_id"])


def _read_lessons(table: sa.Table) -> tuple[list[dict], list[dict]]:
    bind = op.get_bind()
    lessons = [dict(row._mapping) for row in bind.execute(sa.select(table))]
    tags = [dict(row._mapping) for row in bind.execute(sa.select(TAGS))]
    return lessons, tags


def _upgrade_lessons() -> None:
    bind = op.get_bind()
    lessons, tags = _read_lessons(_lessons_table())
    zones = {row.id: row.timezone for row in bind.execute(sa.select(ORGANISATIONS))}
    op.drop_table("lesson_tags")
    op.drop_table("lessons")
    _create_lessons(new=True)
    _person_and_lesson("lesson_thanks")
    _person_and_lesson("lesson_reads")
    taken = {lesson["id"] for lesson in lessons}
    new_ids: dict[int, int] = {}
    for lesson in lessons:
        while (candidate := secrets.randbelow(2**31 - 2) + 1) in taken:
            pass
        taken.add(candidate)
        new_ids[lesson["id"]] = candidate
        created = lesson["created_at"]
        created = created if created.tzinfo else created.replace(tzinfo=UTC)
        tag_names = [t["name"] for t in tags if t["lesson_id"] == lesson["id"]]
        lesson.update(
            id=candidate,
            search_text=_document(*(lesson[k] for k in LESSON_TEXTS), *tag_names),
            published_on=created.astimezone(
                ZoneInfo(zones.get(lesson["organisation_id"]) or "Europe/Stockholm")
            ).date(),
        )
    table = _lessons_table(sa.column("published_on", sa.Date), sa.column("search_text", sa.Text))
    if lessons:
        bind.execute(table.insert(), lessons)
    if tags:
        bind.execute(TAGS.insert(), [{"lesson_id": new_ids[t["lesson_id"]], "name": t["name"]} for t in tags])
    create_search("lessons", "lesson_id")


def _downgrade_lessons() -> None:
    drop_search("lessons")
    lessons, tags = _read_lessons(_lessons_table())
    for table in ("lesson_reads", "lesson_thanks", "lesson_tags", "lessons"):
        op.drop_table(table)
    _create_lessons(new=False)
    if lessons:
        op.get_bind().execute(_lessons_table().insert(), lessons)
    if tags:
        op.get_bind().execute(TAGS.insert(), tags)


def upgrade():
    _upgrade_resources()
    _upgrade_lessons()


def downgrade():
    _downgrade_lessons()
    _downgrade_resources()
