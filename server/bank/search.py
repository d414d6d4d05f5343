"""Full-text search over title, description and tags, the same on SQLite (FTS5) and PostgreSQL.

Both databases keep a companion table `resources_fts` (see the bank migration). Every word the user
types must match the start of a word in the resource, so "ledar" finds "ledarskap" while typing.
"""
import re

from sqlalchemy import ColumnElement, Integer, text

from ..extensions import db
from .models import Resource

WORD = re.compile(r"[^\W_]+")
MAX_WORDS = 8


def query_words(q: str | None) -> list[str]:
    return [w.lower() for w in WORD.findall(q or "")][:MAX_WORDS]


def _sqlite_match(words: list[str]) -> str:
    # Quoted so that words like AND, NOT or NEAR are plain words; `*` makes each a prefix.
    return " ".join(f'"{w}"*' for w in words)


def _postgres_match(words: list[str]) -> str:
    return " & ".join(f"{w}:*" for w in words)


def matching_ids(q: str | None):
    """A subquery of resource ids whose text matches every word of `q` (None when `q` has no words)."""
    words = query_words(q)
    if not words:
        return None
    if db.engine.dialect.name == "postgresql":
        # The dictionary name is literal SQL so that the planner can use the GIN index.
        return text("SELECT resource_id FROM resources_fts "
                    "WHERE document @@ to_tsquery('simple', :fts_query)").bindparams(
            fts_query=_postgres_match(words))
    return text("SELECT rowid FROM resources_fts WHERE resources_fts MATCH :fts_query").bindparams(
        fts_query=_sqlite_match(words))


def search_clause(q: str | None) -> ColumnElement[bool] | None:
    """A WHERE clause limiting resources to those matching `q`, or None to leave the list as it is."""
    subquery = matching_ids(q)
    if subquery is None:
        return None
    return Resource.id.in_(subquery.columns(db.column("id", Integer)))
