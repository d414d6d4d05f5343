"""The bank's search: title, description and tags, through the shared full-text core (`server.search`).

Each resource keeps a folded `search_text` (set here whenever its texts change) and the companion
table `resources_fts` indexes it (the migrations make it; triggers keep it in step). Every word the
user types must match the start of a word, so "ledar" finds "ledarskap" while typing, whatever the
case or accents.
"""

from sqlalchemy import ColumnElement, Select

from ..search import Index, document, query_words  # noqa: F401  (query_words: for callers of this module)
from .models import Resource

INDEX = Index("resources_fts", "resource_id")


def refresh(resource: Resource) -> None:
    """Fold the resource's texts into its `search_text` (the database indexes that column)."""
    resource.search_text = document(resource.title, resource.description, resource.tags_text)


def matching_ids(q: str | None):
    """A textual subquery of resource ids whose text matches every word of `q` (None when it has no words)."""
    return INDEX.matching_ids(q)


def restrict(stmt: Select, q: str | None) -> tuple[Select, ColumnElement[int]]:
    """`stmt` (over resources) limited to those matching `q`, and the id column to sort "newest" by."""
    return INDEX.restrict(stmt, Resource.id, q)
