"""Full-text search shared by the bank and lessons learned: the same words found the same way on
SQLite (FTS5) and PostgreSQL (a tsvector with a GIN index), forgiving case and accents.

Every searchable row keeps `search_text`: its texts folded (lower case, accents off, ø → o,
æ → ae, ß → ss) and reduced to words, written by the feature's service through `document()`.
A companion table `<table>_fts` indexes that column and database triggers keep it in step (the
migrations create both). A query is folded the same way and every word must match the start of a
word, so "ledar" finds "Ledarskap", "laering" finds "Læring" and "ÅTERKOPP" finds "återkoppling".

Folding happens here, in Python, rather than in the database: one function (`text.fold`) for
both databases and for both sides of the match, letters Unicode does not decompose included,
and no database extension (unaccent) that the database user would need the right to create.
"""

import re
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Integer, Select, column, table, text
from sqlalchemy.sql.elements import TextClause

from .extensions import db
from .text import fold

WORD = re.compile(r"[^\W_]+")
MAX_WORDS = 8


def words(value: str | None) -> list[str]:
    """The folded words of a text: "Förändring, på riktigt!" → ["forandring", "pa", "riktigt"]."""
    return WORD.findall(fold(value))


def document(*texts: str | None) -> str:
    """What a row's `search_text` holds: the folded words of all its texts, one space apart."""
    return " ".join(word for value in texts for word in words(value))


def query_words(q: str | None) -> list[str]:
    """The words of a search, folded like documents; at most MAX_WORDS."""
    return words(q)[:MAX_WORDS]


def sqlite_match(found: list[str]) -> str:
    # Quoted so that words like AND, NOT or NEAR are plain words; `*` makes each a prefix.
    return " ".join(f'"{w}"*' for w in found)


def postgres_match(found: list[str]) -> str:
    # Folded words are letters and digits only: nothing in them means anything to to_tsquery.
    return " & ".join(f"{w}:*" for w in found)


def _postgres() -> bool:
    return db.engine.dialect.name == "postgresql"


def match_text(q: str | None) -> str | None:
    """What `:fts_query` is bound to for a search for `q` on the database in use (None: no words)."""
    found = query_words(q)
    if not found:
        return None
    return postgres_match(found) if _postgres() else sqlite_match(found)


@dataclass(frozen=True)
class Index:
    """A feature's companion table: `name` (e.g. "lessons_fts"), and `key`, the column holding the
    row's id on PostgreSQL (SQLite's FTS5 table uses its rowid)."""

    name: str
    key: str

    def matching_ids(self, q: str | None) -> TextClause | None:
        """A subquery of the ids whose text matches every word of `q` (None when `q` has no words)."""
        match = match_text(q)
        if match is None:
            return None
        if _postgres():
            # The dictionary name is literal SQL so that the planner can use the GIN index.
            return (
                text(f"SELECT {self.key} FROM {self.name} WHERE document @@ to_tsquery('simple', :fts_query)")
                .bindparams(fts_query=match)
                .columns(column("id", Integer))
            )
        return (
            text(f"SELECT rowid FROM {self.name} WHERE {self.name} MATCH :fts_query")
            .bindparams(fts_query=match)
            .columns(column("id", Integer))
        )

    def restrict(self, stmt: Select, id_column: ColumnElement[int], q: str | None) -> tuple[Select, ColumnElement[int]]:
        """`stmt` limited to rows matching `q`, and the id column to sort "newest" by.

        On SQLite the full-text table drives the query in rowid order (join, not IN), so a common
        word stops after a page of hits instead of collecting every match first; PostgreSQL plans
        the IN as a merge or hash join."""
        match = match_text(q)
        if match is None:
            return stmt, id_column
        if _postgres():
            return stmt.where(id_column.in_(self.matching_ids(q))), id_column
        fts = table(self.name, column("rowid", Integer))
        joined = stmt.join(fts, fts.c.rowid == id_column).where(
            text(f"{self.name} MATCH :fts_query").bindparams(fts_query=match)
        )
        return joined, fts.c.rowid
