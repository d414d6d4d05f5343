"""Claims: the database's promise that a notice goes out at most once. Every kind of notice (the
weekly reminder, the digest, a session's day-before reminder, …) keeps its claims in a table whose
primary or unique key is the notice's key; a worker inserts with ON CONFLICT DO NOTHING, and only the
rows it actually inserted are its to send.
"""

from collections.abc import Callable

from sqlalchemy import delete, select, tuple_, update

from ..clock import utcnow
from ..database import insert
from ..extensions import db

BATCH = 500


class Book:
    """The claims of one kind of notice: `model`'s rows, keyed by the values of `columns`."""

    def __init__(self, model, columns: tuple[str, ...]):
        self.model, self.columns = model, columns

    def _fields(self):
        return [getattr(self.model, name) for name in self.columns]

    def _where(self, key: tuple):
        return [field == value for field, value in zip(self._fields(), key, strict=True)]

    def claimed(self, keys) -> set[tuple]:
        """Those of `keys` some worker has already claimed."""
        found: set[tuple] = set()
        listed, fields = sorted(set(keys)), self._fields()
        for start in range(0, len(listed), BATCH):
            rows = db.session.execute(select(*fields).where(tuple_(*fields).in_(listed[start : start + BATCH])))
            found.update(tuple(row) for row in rows)
        return found

    def claim(self, keys, on_won: Callable[[set[tuple]], None] | None = None) -> set[tuple]:
        """Insert claims for `keys` and commit each batch; returns the keys this worker won.
        `on_won(keys)` runs inside each batch's transaction, before its commit: what it writes (the
        notices' e-mails in the outbox) is stored exactly when the claim is.

        The one place a service commits: a claim must be visible to every other worker before anything
        is sent, so each batch of claims is its own transaction. Rows go in sorted order so that
        concurrent workers never wait on each other in a cycle."""
        won: set[tuple] = set()
        listed, fields = sorted(set(keys)), self._fields()
        for start in range(0, len(listed), BATCH):
            rows = [
                dict(zip(self.columns, key, strict=True), claimed_at=utcnow(), delivered=0)
                for key in listed[start : start + BATCH]
            ]
            statement = (
                insert(self.model)
                .values(rows)
                .on_conflict_do_nothing(index_elements=list(self.columns))
                .returning(*fields)
            )
            inserted = {tuple(row) for row in db.session.execute(statement)}
            if inserted and on_won is not None:
                on_won(inserted)
            db.session.commit()
            won |= inserted
        return won

    def release(self, key: tuple) -> None:
        """Give a claim back when nothing could have reached the person, so a later run tries again."""
        db.session.execute(delete(self.model).where(*self._where(key)))

    def record_delivered(self, key: tuple, count: int) -> None:
        db.session.execute(update(self.model).where(*self._where(key)).values(delivered=count))

    def forget(self, user_id: int) -> None:
        """A person's claims go with their account (what they were reminded of is theirs)."""
        db.session.execute(delete(self.model).where(self.model.user_id == user_id))
