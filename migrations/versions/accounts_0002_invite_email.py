"""an invite may name the email address it is for

Revision ID: accounts_0002
Revises: c7c39595432b
"""

import sqlalchemy as sa
from alembic import op

revision = "accounts_0002"
down_revision = "c7c39595432b"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("invites", schema=None) as batch_op:
        batch_op.add_column(sa.Column("email", sa.String(length=254), nullable=True))


def downgrade():
    with op.batch_alter_table("invites", schema=None) as batch_op:
        batch_op.drop_column("email")
