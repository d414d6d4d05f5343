"""a row the health check rewrites, so that /healthz tells whether the database can store a write

Revision ID: core_0001
Revises: features_merge
"""

import sqlalchemy as sa
from alembic import op

revision = "core_0001"
down_revision = "features_merge"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "health_checks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_health_checks")),
    )


def downgrade():
    op.drop_table("health_checks")
