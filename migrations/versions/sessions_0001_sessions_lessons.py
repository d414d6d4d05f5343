"""sessions: knowledge sessions, RSVPs, calendar feeds, lessons learned

Revision ID: sessions_0001
Revises: c7c39595432b
Create Date: 2026-11-24 10:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "sessions_0001"
down_revision = "c7c39595432b"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "knowledge_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finishes_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=True),
        sa.Column("capacity", sa.Integer(), nullable=True),
        sa.Column("host_id", sa.Integer(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisations.id"], name=op.f("fk_knowledge_sessions_organisation_id_organisations")
        ),
        sa.ForeignKeyConstraint(
            ["host_id"], ["users.id"], name=op.f("fk_knowledge_sessions_host_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_knowledge_sessions_created_by_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_knowledge_sessions")),
    )
    with op.batch_alter_table("knowledge_sessions", schema=None) as batch_op:
        batch_op.create_index("ix_knowledge_sessions_org_starts", ["organisation_id", "starts_at"], unique=False)
        batch_op.create_index("ix_knowledge_sessions_org_finishes", ["organisation_id", "finishes_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_knowledge_sessions_host_id"), ["host_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_knowledge_sessions_created_by_id"), ["created_by_id"], unique=False)

    op.create_table(
        "session_rsvps",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["knowledge_sessions.id"],
            name=op.f("fk_session_rsvps_session_id_knowledge_sessions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_session_rsvps_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("session_id", "user_id", name=op.f("pk_session_rsvps")),
    )
    with op.batch_alter_table("session_rsvps", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_session_rsvps_user_id"), ["user_id"], unique=False)

    op.create_table(
        "calendar_feeds",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("salt", sa.String(length=64), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_calendar_feeds_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_calendar_feeds")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_calendar_feeds_token_hash")),
    )

    op.create_table(
        "lessons",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("context", sa.Text(), nullable=False),
        sa.Column("what_happened", sa.Text(), nullable=False),
        sa.Column("learned", sa.Text(), nullable=False),
        sa.Column("next_time", sa.Text(), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
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
    with op.batch_alter_table("lessons", schema=None) as batch_op:
        batch_op.create_index("ix_lessons_org_id", ["organisation_id", "id"], unique=False)
        batch_op.create_index(batch_op.f("ix_lessons_author_id"), ["author_id"], unique=False)

    op.create_table(
        "lesson_tags",
        sa.Column("lesson_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["lesson_id"], ["lessons.id"], name=op.f("fk_lesson_tags_lesson_id_lessons"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("lesson_id", "name", name=op.f("pk_lesson_tags")),
    )
    with op.batch_alter_table("lesson_tags", schema=None) as batch_op:
        batch_op.create_index("ix_lesson_tags_name", ["name"], unique=False)


def downgrade():
    with op.batch_alter_table("lesson_tags", schema=None) as batch_op:
        batch_op.drop_index("ix_lesson_tags_name")
    op.drop_table("lesson_tags")
    with op.batch_alter_table("lessons", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lessons_author_id"))
        batch_op.drop_index("ix_lessons_org_id")
    op.drop_table("lessons")
    op.drop_table("calendar_feeds")
    with op.batch_alter_table("session_rsvps", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_session_rsvps_user_id"))
    op.drop_table("session_rsvps")
    with op.batch_alter_table("knowledge_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_knowledge_sessions_created_by_id"))
        batch_op.drop_index(batch_op.f("ix_knowledge_sessions_host_id"))
        batch_op.drop_index("ix_knowledge_sessions_org_finishes")
        batch_op.drop_index("ix_knowledge_sessions_org_starts")
    op.drop_table("knowledge_sessions")
