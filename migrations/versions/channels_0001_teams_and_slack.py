"""Teams and Slack: the channels an admin connects (webhooks sealed), the Monday shelves claimed for
them, Slack people connected to accounts, one-time connect links and Slack requests already answered

Revision ID: channels_0001
Revises: trust_0001
"""

import sqlalchemy as sa
from alembic import op

revision = "channels_0001"
down_revision = "trust_0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "slack_links",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("team_name", sa.String(length=100), nullable=False),
        sa.Column("slack_user_id", sa.String(length=32), nullable=False),
        sa.Column("slack_user_name", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_slack_links")),
    )
    with op.batch_alter_table("slack_links", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_slack_links_expires_at"), ["expires_at"], unique=False)

    op.create_table(
        "slack_requests",
        sa.Column("signature", sa.String(length=80), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("signature", name=op.f("pk_slack_requests")),
    )
    with op.batch_alter_table("slack_requests", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_slack_requests_seen_at"), ["seen_at"], unique=False)

    op.create_table(
        "channels",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("url_sealed", sa.Text(), nullable=False),
        sa.Column("url_masked", sa.String(length=200), nullable=False),
        sa.Column("app_url", sa.String(length=300), nullable=False),
        sa.Column("locale", sa.String(length=5), nullable=False),
        sa.Column("post_sessions", sa.Boolean(), nullable=False),
        sa.Column("post_lessons", sa.Boolean(), nullable=False),
        sa.Column("post_shelf", sa.Boolean(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("failures_in_a_row", sa.Integer(), nullable=False),
        sa.Column("failing_since", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("last_sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("paused_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("pause_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_channels_created_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_channels_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_channels")),
    )
    with op.batch_alter_table("channels", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_channels_organisation_id"), ["organisation_id"], unique=False)

    op.create_table(
        "slack_accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("team_name", sa.String(length=100), nullable=False),
        sa.Column("slack_user_id", sa.String(length=32), nullable=False),
        sa.Column("slack_user_name", sa.String(length=100), nullable=False),
        sa.Column("connected_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_slack_accounts_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_slack_accounts")),
        sa.UniqueConstraint("team_id", "slack_user_id", name=op.f("uq_slack_accounts_team_id_slack_user_id")),
        sa.UniqueConstraint("user_id", "team_id", name=op.f("uq_slack_accounts_user_id_team_id")),
    )
    with op.batch_alter_table("slack_accounts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_slack_accounts_user_id"), ["user_id"], unique=False)

    op.create_table(
        "channel_shelves",
        sa.Column("channel_id", sa.Integer(), nullable=False),
        sa.Column("week", sa.String(length=8), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("items", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["channel_id"], ["channels.id"], name=op.f("fk_channel_shelves_channel_id_channels"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("channel_id", "week", name=op.f("pk_channel_shelves")),
    )


def downgrade():
    op.drop_table("channel_shelves")
    with op.batch_alter_table("slack_accounts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_slack_accounts_user_id"))

    op.drop_table("slack_accounts")
    with op.batch_alter_table("channels", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_channels_organisation_id"))

    op.drop_table("channels")
    with op.batch_alter_table("slack_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_slack_requests_seen_at"))

    op.drop_table("slack_requests")
    with op.batch_alter_table("slack_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_slack_links_expires_at"))

    op.drop_table("slack_links")
