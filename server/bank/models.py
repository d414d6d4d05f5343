"""The bank's tables: resources, their tags, sharers, saves, reactions and comments.

The full-text companion table `resources_fts` is not a model: the migrations create it (FTS5 on
SQLite, a tsvector table with a GIN index on PostgreSQL) and database triggers keep it in step with
`resources.search_text`, which the service keeps in step with the texts (`search.refresh`).
"""

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..clock import utcnow
from ..extensions import db

KINDS = ("podcast", "article", "webinar", "course", "book", "video", "other")


class Resource(db.Model):
    __tablename__ = "resources"
    __table_args__ = (
        UniqueConstraint("organisation_id", "url_key"),
        Index("ix_resources_org_new", "organisation_id", "id"),
        Index("ix_resources_org_popular", "organisation_id", "popularity", "id"),
        Index("ix_resources_org_kind_starts", "organisation_id", "kind", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    url: Mapped[str] = mapped_column(String(2048))  # as shared, minus tracking parameters
    # The duplicate key (`urls.link_key`): the same page shared in another spelling is the same resource.
    url_key: Mapped[str] = mapped_column(String(2048))
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    # The tag names joined by spaces: what full-text search indexes (the tags table stays the truth).
    tags_text: Mapped[str] = mapped_column(String(1000), default="")
    # Title, description and tags folded for search (see `server.search`); never loaded unless asked.
    search_text: Mapped[str] = mapped_column(Text, default="", server_default="", deferred=True)
    starts_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    duration_minutes: Mapped[int | None] = mapped_column(Integer)
    shared_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
    # Soft delete: time already logged against a removed resource stays in everyone's totals.
    removed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Denormalised so that "most popular" is one index scan, not a count over four tables.
    save_count: Mapped[int] = mapped_column(Integer, default=0)
    log_count: Mapped[int] = mapped_column(Integer, default=0)
    logged_minutes: Mapped[int] = mapped_column(Integer, default=0)
    reaction_count: Mapped[int] = mapped_column(Integer, default=0)
    popularity: Mapped[int] = mapped_column(Integer, default=0)


class Tag(db.Model):
    __tablename__ = "tags"
    __table_args__ = (UniqueConstraint("organisation_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    name: Mapped[str] = mapped_column(String(40))


class ResourceTag(db.Model):
    __tablename__ = "resource_tags"

    resource_id: Mapped[int] = mapped_column(ForeignKey("resources.id", ondelete="CASCADE"), primary_key=True)
    tag_id: Mapped[int] = mapped_column(ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True, index=True)


class ResourceSharer(db.Model):
    """Someone who shared a URL that was already in the bank ("also shared by Sara")."""

    __tablename__ = "resource_sharers"

    resource_id: Mapped[int] = mapped_column(ForeignKey("resources.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Save(db.Model):
    """A resource on someone's personal read/listen-later list."""

    __tablename__ = "resource_saves"
    __table_args__ = (Index("ix_resource_saves_user_created", "user_id", "created_at"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    resource_id: Mapped[int] = mapped_column(
        ForeignKey("resources.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Reaction(db.Model):
    """ "This was worth it": one per person and resource."""

    __tablename__ = "resource_reactions"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    resource_id: Mapped[int] = mapped_column(
        ForeignKey("resources.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Comment(db.Model):
    """A short "what I took from it" that colleagues see on the resource."""

    __tablename__ = "resource_comments"
    __table_args__ = (Index("ix_resource_comments_resource_created", "resource_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    resource_id: Mapped[int] = mapped_column(ForeignKey("resources.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    body: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
