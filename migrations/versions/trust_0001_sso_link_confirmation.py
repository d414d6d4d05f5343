"""a company account's link to an existing account may wait for proof (a password sign-in or an
admin): links made before this were confirmed when they were made

Revision ID: trust_0001
Revises: mail_0001
"""

import sqlalchemy as sa
from alembic import op

revision = "trust_0001"
down_revision = "mail_0001"
branch_labels = None
depends_on = None


def upgrade():
    # A plain ALTER TABLE on both databases (a nullable column needs no rebuild of the table).
    op.add_column("sso_identities", sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE sso_identities SET confirmed_at = created_at")


def downgrade():
    # Links still waiting for proof never signed anyone in: they go with the column.
    op.execute("DELETE FROM sso_identities WHERE confirmed_at IS NULL")
    op.execute("ALTER TABLE sso_identities DROP COLUMN confirmed_at")
