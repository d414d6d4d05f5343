"""The shared resource bank: resources, tags, sharers, saves, reactions, comments and search.

Revision ID: bank_0001
Revises: c7c39595432b
"""

import sqlalchemy as sa
from alembic import op

revision = "bank_0001"
down_revision = "c7c39595432b"
branch_labels = None
depends_on = None

# Full-text search: a companion table named *_fts on both databases, filled by triggers, so that
# every write path (the app, bulk loads, psql) keeps search in step and test cleanups empty it too.
SQLITE_FTS = [
    # External content: the words are indexed, the text itself stays in `resources`.
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
]

# 'simple' configuration: no stemming, so Swedish, Norwegian and English words all match as typed.
POSTGRES_FTS = [
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
]


def _created_at() -> sa.Column:
    return sa.Column("created_at", sa.DateTime(timezone=True), nullable=False)


def _person_and_resource(table: str) -> list:
    return [
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("resource_id", sa.Integer(), nullable=False),
        _created_at(),
        sa.ForeignKeyConstraint(
            ["resource_id"], ["resources.id"], name=op.f(f"fk_{table}_resource_id_resources"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f(f"fk_{table}_user_id_users"), ondelete="CASCADE"),
    ]


def upgrade():
    op.create_table(
        "tags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisations.id"], name=op.f("fk_tags_organisation_id_organisations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tags")),
        sa.UniqueConstraint("organisation_id", "name", name=op.f("uq_tags_organisation_id_name")),
    )
    op.create_table(
        "resources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(length=2048), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("tags_text", sa.String(length=1000), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("duration_minutes", sa.Integer(), nullable=True),
        sa.Column("shared_by_id", sa.Integer(), nullable=True),
        _created_at(),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("save_count", sa.Integer(), nullable=False),
        sa.Column("log_count", sa.Integer(), nullable=False),
        sa.Column("logged_minutes", sa.Integer(), nullable=False),
        sa.Column("reaction_count", sa.Integer(), nullable=False),
        sa.Column("popularity", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisations.id"], name=op.f("fk_resources_organisation_id_organisations")
        ),
        sa.ForeignKeyConstraint(
            ["shared_by_id"], ["users.id"], name=op.f("fk_resources_shared_by_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resources")),
        sa.UniqueConstraint("organisation_id", "url", name=op.f("uq_resources_organisation_id_url")),
    )
    op.create_index("ix_resources_org_kind_starts", "resources", ["organisation_id", "kind", "starts_at"])
    op.create_index("ix_resources_org_new", "resources", ["organisation_id", "id"])
    op.create_index("ix_resources_org_popular", "resources", ["organisation_id", "popularity", "id"])
    op.create_index(op.f("ix_resources_shared_by_id"), "resources", ["shared_by_id"])

    op.create_table(
        "resource_comments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("resource_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.String(length=500), nullable=False),
        _created_at(),
        sa.ForeignKeyConstraint(
            ["resource_id"],
            ["resources.id"],
            name=op.f("fk_resource_comments_resource_id_resources"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_resource_comments_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resource_comments")),
    )
    op.create_index("ix_resource_comments_resource_created", "resource_comments", ["resource_id", "created_at"])
    op.create_index(op.f("ix_resource_comments_user_id"), "resource_comments", ["user_id"])

    op.create_table(
        "resource_reactions",
        *_person_and_resource("resource_reactions"),
        sa.PrimaryKeyConstraint("user_id", "resource_id", name=op.f("pk_resource_reactions")),
    )
    op.create_index(op.f("ix_resource_reactions_resource_id"), "resource_reactions", ["resource_id"])

    op.create_table(
        "resource_saves",
        *_person_and_resource("resource_saves"),
        sa.PrimaryKeyConstraint("user_id", "resource_id", name=op.f("pk_resource_saves")),
    )
    op.create_index(op.f("ix_resource_saves_resource_id"), "resource_saves", ["resource_id"])
    op.create_index("ix_resource_saves_user_created", "resource_saves", ["user_id", "created_at"])

    op.create_table(
        "resource_sharers",
        *_person_and_resource("resource_sharers"),
        sa.PrimaryKeyConstraint("resource_id", "user_id", name=op.f("pk_resource_sharers")),
    )
    op.create_index(op.f("ix_resource_sharers_user_id"), "resource_sharers", ["user_id"])

    op.create_table(
        "resource_tags",
        sa.Column("resource_id", sa.Integer(), nullable=False),
        sa.Column("tag_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["resource_id"], ["resources.id"], name=op.f("fk_resource_tags_resource_id_resources"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["tag_id"], ["tags.id"], name=op.f("fk_resource_tags_tag_id_tags"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("resource_id", "tag_id", name=op.f("pk_resource_tags")),
    )
    op.create_index(op.f("ix_resource_tags_tag_id"), "resource_tags", ["tag_id"])

    statements = POSTGRES_FTS if op.get_bind().dialect.name == "postgresql" else SQLITE_FTS
    for statement in statements:
        op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS resources_fts_update ON resources")
        op.execute("DROP TRIGGER IF EXISTS resources_fts_insert ON resources")
        op.execute("DROP FUNCTION IF EXISTS resources_fts_sync()")
    op.execute("DROP TABLE IF EXISTS resources_fts")
    for table in (
        "resource_tags",
        "resource_sharers",
        "resource_saves",
        "resource_reactions",
        "resource_comments",
        "resources",
        "tags",
    ):
        op.drop_table(table)
