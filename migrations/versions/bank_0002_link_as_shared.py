"""resources keep the link as it was shared; a separate duplicate key (url_key) is unique per organisation

Revision ID: bank_0002
Revises: gather_0002
"""

import sqlalchemy as sa
from alembic import op

from server.bank.urls import InvalidUrl, link_key  # the key exactly as the app computes it

revision = "bank_0002"
down_revision = "gather_0002"
branch_labels = None
depends_on = None

BATCH = 1000


def _fill_keys(bind) -> None:
    """Every resource's key from its stored link. Two old rows that turn out to be one page keep
    apart (the later gets a key no link can have) rather than failing the upgrade."""
    seen: set[tuple[int, str]] = set()
    updates = []
    for resource_id, organisation_id, url in bind.execute(
        sa.text("SELECT id, organisation_id, url FROM resources ORDER BY id")
    ):
        try:
            key = link_key(url)
        except InvalidUrl:
            key = url
        if (organisation_id, key) in seen:
            key = f"{key[:2000]}#duplicate-{resource_id}"
        seen.add((organisation_id, key))
        updates.append({"id": resource_id, "key": key})
    statement = sa.text("UPDATE resources SET url_key = :key WHERE id = :id")
    for start in range(0, len(updates), BATCH):
        bind.execute(statement, updates[start : start + BATCH])


def _rebuild_on_sqlite(bind, change) -> None:
    """SQLite changes a table's constraints only by copying it. Its triggers (full-text search) go
    with the old copy, so they are put back as they were; and foreign keys are off while the copy
    replaces the original, else dropping it would cascade to tags, saves and comments."""
    triggers = (
        bind.execute(sa.text("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'resources'"))
        .scalars()
        .all()
    )
    with op.get_context().autocommit_block():
        op.execute("PRAGMA foreign_keys=OFF")
    with op.batch_alter_table("resources", recreate="always") as batch:
        change(batch)
    for sql in triggers:
        op.execute(sql)
    with op.get_context().autocommit_block():
        op.execute("PRAGMA foreign_keys=ON")


def upgrade():
    bind = op.get_bind()
    with op.batch_alter_table("resources") as batch:
        batch.add_column(sa.Column("url_key", sa.String(length=2048), nullable=True))
    _fill_keys(bind)

    def change(batch):
        batch.alter_column("url_key", existing_type=sa.String(length=2048), nullable=False)
        batch.drop_constraint("uq_resources_organisation_id_url", type_="unique")
        batch.create_unique_constraint("uq_resources_organisation_id_url_key", ["organisation_id", "url_key"])

    if bind.dialect.name == "sqlite":
        _rebuild_on_sqlite(bind, change)
    else:
        with op.batch_alter_table("resources") as batch:
            change(batch)


def downgrade():
    bind = op.get_bind()
    # The old rule kept the normalised link itself; the key is that form.
    bind.execute(sa.text("UPDATE resources SET url = url_key"))

    def change(batch):
        batch.drop_constraint("uq_resources_organisation_id_url_key", type_="unique")
        batch.create_unique_constraint("uq_resources_organisation_id_url", ["organisation_id", "url"])
        batch.drop_column("url_key")

    if bind.dialect.name == "sqlite":
        _rebuild_on_sqlite(bind, change)
    else:
        with op.batch_alter_table("resources") as batch:
            change(batch)
