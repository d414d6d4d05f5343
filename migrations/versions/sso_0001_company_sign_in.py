"""sign-in with the company account: people's OpenID Connect identities, and an organisation
setting that keeps password sign-in for admins only

Revision ID: sso_0001
Revises: reminders_0002
"""

import sqlalchemy as sa
from alembic import op

revision = "sso_0001"
down_revision = "reminders_0002"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "sso_identities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("issuer", sa.String(length=500), nullable=False),
        sa.Column("subject", sa.String(length=255), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_sign_in_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("issuer", "subject", name="uq_sso_identities_issuer_subject"),
        sa.UniqueConstraint("user_id", "issuer", name="uq_sso_identities_user_issuer"),
    )
    with op.batch_alter_table("sso_identities", schema=None) as batch_op:
        batch_op.create_index("ix_sso_identities_user_id", ["user_id"], unique=False)
    # A plain ALTER TABLE: a batch would rebuild `organisations`, which SQLite refuses while other
    # tables refer to it.
    op.add_column(
        "organisations",
        sa.Column("password_sign_in_admins_only", sa.Boolean(), nullable=False, server_default=sa.false()),
    )


def downgrade():
    # Plain SQL on both databases (SQLite 3.35+ drops columns itself): no rebuild of `organisations`.
    op.execute("ALTER TABLE organisations DROP COLUMN password_sign_in_admins_only")
    with op.batch_alter_table("sso_identities", schema=None) as batch_op:
        batch_op.drop_index("ix_sso_identities_user_id")
    op.drop_table("sso_identities")
