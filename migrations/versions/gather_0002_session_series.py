"""Knowledge sessions: series that repeat, cancelling (marked, not deleted), resources to read first,
and claims for the day-before reminder and cancellation notices.

Revision ID: gather_0002
Revises: gather_0001
"""

import sqlalchemy as sa
from alembic import op

revision = "gather_0002"
down_revision = "gather_0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "session_series",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("place", sa.String(length=200), nullable=True),
        sa.Column("capacity", sa.Integer(), nullable=True),
        sa.Column("frequency", sa.String(length=16), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("week_of_month", sa.Integer(), nullable=True),
        sa.Column("local_time", sa.Time(), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("stopped_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisations.id"], name=op.f("fk_session_series_organisation_id_organisations")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_session_series_created_by_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_session_series")),
    )
    op.create_index("ix_session_series_org", "session_series", ["organisation_id"])
    op.create_index(op.f("ix_session_series_created_by_id"), "session_series", ["created_by_id"])

    op.create_table(
        "session_occurrences",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("series_id", sa.Integer(), nullable=False),
        sa.Column("occurrence_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["knowledge_sessions.id"],
            name=op.f("fk_session_occurrences_session_id_knowledge_sessions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["series_id"],
            ["session_series.id"],
            name=op.f("fk_session_occurrences_series_id_session_series"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("session_id", name=op.f("pk_session_occurrences")),
        sa.UniqueConstraint("series_id", "occurrence_on", name=op.f("uq_session_occurrences_series_id_occurrence_on")),
    )

    op.create_table(
        "session_resources",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("resource_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["knowledge_sessions.id"],
            name=op.f("fk_session_resources_session_id_knowledge_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("session_id", "resource_id", name=op.f("pk_session_resources")),
    )

    # A plain column: SQLite adds (and drops) it without rebuilding the table.
    op.add_column("knowledge_sessions", sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True))

    op.create_table(
        "session_reminder_claims",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delivered", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["knowledge_sessions.id"],
            name=op.f("fk_session_reminder_claims_session_id_knowledge_sessions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_session_reminder_claims_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("session_id", "user_id", "kind", name=op.f("pk_session_reminder_claims")),
    )
    op.create_index(op.f("ix_session_reminder_claims_user_id"), "session_reminder_claims", ["user_id"])


def downgrade():
    op.drop_index(op.f("ix_session_reminder_claims_user_id"), table_name="session_reminder_claims")
    op.drop_table("session_reminder_claims")
    op.drop_column("knowledge_sessions", "cancelled_at")
    op.drop_table("session_resources")
    op.drop_table("session_occurrences")
    op.drop_index(op.f("ix_session_series_created_by_id"), table_name="session_series")
    op.drop_index("ix_session_series_org", table_name="session_series")
    op.drop_table("session_series")
