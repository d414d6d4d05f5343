"""Full-text search over title, description and tags, the same on SQLite (FTS5) and PostgreSQL.

Both databases keep a companion table `resources_fts` (see the bank migration). Every word the user
types must match the start of a word in the resource, so "ledar" finds "ledarskap" while typing.
"""
import re

from sqlalchemy import ColumnElement, Integer, Select, column, table, text

from ..extensions import db
from .models import Resource

WORD = re.compile(r"[^\W_]+")
MAX_WORDS = 8
FTS = table("resources_fts", column("rowid", Integer))  # SQLite's FTS5 table, for joins


def query_words(q: str | None) -> list[str]:
    return [w.lower() for w in WORD.findall(q or "")][:MAX_WORDS]


def _sqlite_match(words: list[str]) -> str:
    # Quoted so that words like AND, NOT or NEAR are plain words; `*` makes each a prefix.
    return " ".join(f'"{w}"*' for w in words)


def _postgres_match(words: list[str]) -> str:
    return " & ".join(f"{w}:*" for w in words)


def matching_ids(q: str | None):
    """A textual subquery of resource ids whose text matches every word of `q` (None when `q` has no words)."""
    words = query_words(q)
    if not words:
        return None
    if db.engine.dialect.name == "postgresql":
        # The dictionary name is literal SQL so that the planner can use the GIN index.
        return text("SELECT resource_id FROM resources_fts "
                    "WHERE document @@ to_tsquery('simple', :fts_query)").bindparams(
            fts_query=_postgres_match(words)).columns(column("id", Integer))
    return text("SELECT rowid FROM resources_fts WHERE resources_fts MATCH :fts_query").bindparams(
        fts_query=_sqlite_match(words)).columns(column("id", Integer))


def restrict(stmt: Select, q: str | None) -> tuple[Select, ColumnElement[int]]:
    """`stmt` (over resources) limited to those matching `q`, and the id column to sort "newest" by.

    On SQLite the full-text table drives the query in rowid order, so a common word stops after a
    page of hits instead of collecting every match first; PostgreSQL plans the IN as a merge join."""
    words = query_words(q)
    if not words:
        return stmt, Resource.id
    if db.engine.dialect.name == "postgresql":
        return stmt.where(Resource.id.in_(matching_ids(q))), Resource.id
    joined = stmt.join(FTS, FTS.c.rowid == Resource.id).where(
        text("resources_fts MATCH :fts_query").bindparams(fts_query=_sqlite_match(words)))
    return joined, FTS.c.rowid
