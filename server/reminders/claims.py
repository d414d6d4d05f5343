"""Claims: the database's promise that a notice goes out at most once. Every kind of notice (the
weekly reminder, a session's day-before reminder, …) keeps its claims in a table whose primary or
unique key is the notice's key; a worker inserts with ON CONFLICT DO NOTHING, and only the rows it
actually inserted are its to send.
"""

from sqlalchemy import select, tuple_

from ..clock import utcnow
from ..database import insert
from ..extensions import db

BATCH = 500


def claimed(model, columns: tuple[str, ...], keys) -> set[tuple]:
    """Those of `keys` (tuples of `columns`' values) some worker has already claimed."""
    found: set[tuple] = set()
    listed = sorted(set(keys))
    fields = [getattr(model, name) for name in columns]
    for start in range(0, len(listed), BATCH):
        rows = db.session.execute(select(*fields).where(tuple_(*fields).in_(listed[start : start + BATCH])))
        found.update(tuple(row) for row in rows)
    return found


def claim(model, columns: tuple[str, ...], keys) -> set[tuple]:
    """Insert claims for `keys` and commit each batch; returns the keys this worker won.

    The one place a service commits: a claim must be visible to every other worker before anything
    is sent, so each batch of claims is its own transaction. Rows go in sorted order so that
    concurrent workers never wait on each other in a cycle."""
    won: set[tuple] = set()
    listed = sorted(set(keys))
    fields = [getattr(model, name) for name in columns]
    for start in range(0, len(listed), BATCH):
        rows = [
            dict(zip(columns, key, strict=True), claimed_at=utcnow(), delivered=0)
            for key in listed[start : start + BATCH]
        ]
        statement = insert(model).values(rows).on_conflict_do_nothing(index_elements=list(columns)).returning(*fields)
        inserted = db.session.execute(statement).all()
        db.session.commit()
        won.update(tuple(row) for row in inserted)
    return won
