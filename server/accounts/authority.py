"""Authority that ends with the role.

- At least one active admin always remains, also when two admins deactivate or demote each other at
  the same moment: the organisation's active admins are held for the rest of the transaction before
  anyone stops being one (`keep_an_admin`).

Functions flush; the request (or CLI command) commits.
"""

from flask_babel import lazy_gettext as _l

from ..database import is_postgres, take_write_lock
from ..errors import RuleError
from ..extensions import db
from .models import User


def hold_active_admins(organisation_id: int) -> set[int]:
    """The ids of the organisation's active admins, held until the transaction ends. PostgreSQL locks
    their rows (SELECT … FOR UPDATE, in id order): another change to any of them waits for this
    transaction and then sees its outcome. SQLite takes its write lock first, so this read and the
    writes after it see every committed change and no other write comes between them."""
    if not is_postgres():
        take_write_lock()
    query = (
        db.select(User.id)
        .where(
            User.organisation_id == organisation_id,
            User.role == "admin",
            User.active.is_(True),
            User.deleted_at.is_(None),
        )
        .order_by(User.id)
    )
    return set(db.session.scalars(query.with_for_update() if is_postgres() else query))


def keep_an_admin(user: User, *, actor: User | None = None, field: str = "active", message=None) -> None:
    """Call before `user` may stop being an active admin (deactivated, demoted, deleted): 409 when no
    other active admin would remain, 403 when `actor` is no longer an active admin by now (someone
    took it away a moment ago). Refreshes `user` and `actor`, which may have changed meanwhile."""
    admins = hold_active_admins(user.organisation_id)
    for person in (user, actor):
        if person is not None:
            db.session.refresh(person)
    if actor is not None and actor.id not in admins:
        raise RuleError(field, _l("You are no longer an admin here."), 403)
    if not admins - {user.id}:
        raise RuleError(
            field, message or _l("At least one active admin must remain; make someone else admin first."), 409
        )
