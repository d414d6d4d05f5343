"""mentoring and job shadowing: offers and asks by topic, requests, pairings, meetings, reflections,
and the claims that send each mentoring notice once

Revision ID: mentoring_0001
Revises: calendar_0001
"""

import sqlalchemy as sa
from alembic import op

revision = "mentoring_0001"
down_revision = "calendar_0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "mentoring_notice_claims",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("subject", sa.String(length=64), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delivered", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_mentoring_notice_claims_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", "kind", "subject", name=op.f("pk_mentoring_notice_claims")),
    )
    op.create_table(
        "mentoring_offers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisations.id"], name=op.f("fk_mentoring_offers_organisation_id_organisations")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_mentoring_offers_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mentoring_offers")),
    )
    with op.batch_alter_table("mentoring_offers", schema=None) as batch_op:
        batch_op.create_index("ix_mentoring_offers_org_status", ["organisation_id", "status", "id"], unique=False)
        batch_op.create_index(batch_op.f("ix_mentoring_offers_user_id"), ["user_id"], unique=False)

    op.create_table(
        "mentoring_offer_topics",
        sa.Column("offer_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["offer_id"],
            ["mentoring_offers.id"],
            name=op.f("fk_mentoring_offer_topics_offer_id_mentoring_offers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("offer_id", "name", name=op.f("pk_mentoring_offer_topics")),
    )
    with op.batch_alter_table("mentoring_offer_topics", schema=None) as batch_op:
        batch_op.create_index("ix_mentoring_offer_topics_name", ["name"], unique=False)

    op.create_table(
        "mentoring_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("offer_id", sa.Integer(), nullable=False),
        sa.Column("requester_id", sa.Integer(), nullable=False),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["offer_id"],
            ["mentoring_offers.id"],
            name=op.f("fk_mentoring_requests_offer_id_mentoring_offers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["requester_id"], ["users.id"], name=op.f("fk_mentoring_requests_requester_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mentoring_requests")),
        sa.UniqueConstraint("offer_id", "requester_id", name=op.f("uq_mentoring_requests_offer_id_requester_id")),
    )
    with op.batch_alter_table("mentoring_requests", schema=None) as batch_op:
        batch_op.create_index("ix_mentoring_requests_offer_status", ["offer_id", "status"], unique=False)
        batch_op.create_index(batch_op.f("ix_mentoring_requests_requester_id"), ["requester_id"], unique=False)

    op.create_table(
        "mentoring_pairings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("offer_id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("activity", sa.String(length=16), nullable=False),
        sa.Column("mentor_id", sa.Integer(), nullable=False),
        sa.Column("mentee_id", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["ended_by_id"], ["users.id"], name=op.f("fk_mentoring_pairings_ended_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["mentee_id"], ["users.id"], name=op.f("fk_mentoring_pairings_mentee_id_users"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["mentor_id"], ["users.id"], name=op.f("fk_mentoring_pairings_mentor_id_users"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["offer_id"],
            ["mentoring_offers.id"],
            name=op.f("fk_mentoring_pairings_offer_id_mentoring_offers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisations.id"], name=op.f("fk_mentoring_pairings_organisation_id_organisations")
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["mentoring_requests.id"],
            name=op.f("fk_mentoring_pairings_request_id_mentoring_requests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mentoring_pairings")),
        sa.UniqueConstraint("request_id", name=op.f("uq_mentoring_pairings_request_id")),
    )
    with op.batch_alter_table("mentoring_pairings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mentoring_pairings_mentee_id"), ["mentee_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_mentoring_pairings_mentor_id"), ["mentor_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_mentoring_pairings_offer_id"), ["offer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_mentoring_pairings_organisation_id"), ["organisation_id"], unique=False)

    op.create_table(
        "mentoring_meetings",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("pairing_id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("logged_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["logged_by_id"], ["users.id"], name=op.f("fk_mentoring_meetings_logged_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["pairing_id"],
            ["mentoring_pairings.id"],
            name=op.f("fk_mentoring_meetings_pairing_id_mentoring_pairings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mentoring_meetings")),
    )
    with op.batch_alter_table("mentoring_meetings", schema=None) as batch_op:
        batch_op.create_index("ix_mentoring_meetings_pairing_date", ["pairing_id", "date"], unique=False)

    op.create_table(
        "mentoring_reflections",
        sa.Column("pairing_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("lesson_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["pairing_id"],
            ["mentoring_pairings.id"],
            name=op.f("fk_mentoring_reflections_pairing_id_mentoring_pairings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_mentoring_reflections_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("pairing_id", "user_id", name=op.f("pk_mentoring_reflections")),
    )
    with op.batch_alter_table("mentoring_reflections", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mentoring_reflections_user_id"), ["user_id"], unique=False)


def downgrade():
    with op.batch_alter_table("mentoring_reflections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mentoring_reflections_user_id"))

    op.drop_table("mentoring_reflections")
    with op.batch_alter_table("mentoring_meetings", schema=None) as batch_op:
        batch_op.drop_index("ix_mentoring_meetings_pairing_date")

    op.drop_table("mentoring_meetings")
    with op.batch_alter_table("mentoring_pairings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mentoring_pairings_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_mentoring_pairings_offer_id"))
        batch_op.drop_index(batch_op.f("ix_mentoring_pairings_mentor_id"))
        batch_op.drop_index(batch_op.f("ix_mentoring_pairings_mentee_id"))

    op.drop_table("mentoring_pairings")
    with op.batch_alter_table("mentoring_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mentoring_requests_requester_id"))
        batch_op.drop_index("ix_mentoring_requests_offer_status")

    op.drop_table("mentoring_requests")
    with op.batch_alter_table("mentoring_offer_topics", schema=None) as batch_op:
        batch_op.drop_index("ix_mentoring_offer_topics_name")

    op.drop_table("mentoring_offer_topics")
    with op.batch_alter_table("mentoring_offers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mentoring_offers_user_id"))
        batch_op.drop_index("ix_mentoring_offers_org_status")

    op.drop_table("mentoring_offers")
    op.drop_table("mentoring_notice_claims")
