"""provisioning from the company directory (SCIM): its tokens, people's directory identities
(userName, externalId, name parts) and teams' externalId

Revision ID: scim_0001
Revises: mentoring_0001
"""

import sqlalchemy as sa
from alembic import op

revision = "scim_0001"
down_revision = "mentoring_0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "scim_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("prefix", sa.String(length=12), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"]),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash", name="uq_scim_tokens_token_hash"),
    )
    with op.batch_alter_table("scim_tokens", schema=None) as batch_op:
        batch_op.create_index("ix_scim_tokens_organisation_id", ["organisation_id"], unique=False)
    op.create_table(
        "directory_identities",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("user_name", sa.String(length=254), nullable=False),
        sa.Column("user_name_key", sa.String(length=254), nullable=False),
        sa.Column("external_id", sa.String(length=254), nullable=True),
        sa.Column("display_name", sa.String(length=200), nullable=True),
        sa.Column("given_name", sa.String(length=200), nullable=True),
        sa.Column("family_name", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"]),
        sa.PrimaryKeyConstraint("user_id"),
        sa.UniqueConstraint(
            "organisation_id", "user_name_key", name="uq_directory_identities_organisation_id_user_name_key"
        ),
        sa.UniqueConstraint(
            "organisation_id", "external_id", name="uq_directory_identities_organisation_id_external_id"
        ),
    )
    # Plain ALTER TABLE and CREATE INDEX: a batch would rebuild `teams`, which SQLite refuses while
    # other tables refer to it.
    op.add_column("teams", sa.Column("external_id", sa.String(length=254), nullable=True))
    op.create_index("uq_teams_organisation_id_external_id", "teams", ["organisation_id", "external_id"], unique=True)


def downgrade():
    op.drop_index("uq_teams_organisation_id_external_id", table_name="teams")
    op.execute("ALTER TABLE teams DROP COLUMN external_id")
    op.drop_table("directory_identities")
    with op.batch_alter_table("scim_tokens", schema=None) as batch_op:
        batch_op.drop_index("ix_scim_tokens_organisation_id")
    op.drop_table("scim_tokens")
