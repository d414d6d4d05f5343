"""the learning block: a person's weekly learning hour as an event in their calendar feed

Revision ID: calendar_0001
Revises: holidays_0001
"""

import sqlalchemy as sa
from alembic import op

revision = "calendar_0001"
down_revision = "holidays_0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "learning_blocks",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("time", sa.Time(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_learning_blocks_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_learning_blocks")),
    )


def downgrade():
    op.drop_table("learning_blocks")
