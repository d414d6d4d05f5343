"""Authority that ends with the role.

- At least one active admin always remains, also when two admins deactivate or demote each other at
  the same moment: the organisation's active admins are held for the rest of the transaction before
  anyone stops being one (`keep_an_admin`).
- A password reset link works only while whoever made it is still an active admin of the person's
  organisation (checked when it is used), and every open link of a person is withdrawn when their
  password changes or they are deactivated.

Functions flush; the request (or CLI command) commits.
"""

from flask_babel import lazy_gettext as _l

from ..clock import utcnow
from ..database import is_postgres, take_write_lock
from ..errors import RuleError
from ..extensions import db
from .models import PasswordReset, User


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


# -- password reset links -----------------------------------------------------------------------------
def may_reset_for(maker_id: int | None, user: User) -> bool:
    """Whether a reset link made by `maker_id` for `user` may still be used: one a person made for
    themselves (or the command line, with no maker) may; one an admin made only while they are still
    an active admin of the person's organisation."""
    if maker_id is None or maker_id == user.id:
        return True
    maker = db.session.get(User, maker_id)
    return maker is not None and maker.is_active and maker.is_admin and maker.organisation_id == user.organisation_id


def withdraw_reset_links(user: User) -> None:
    """Every open reset link of the person stops working (its end moved to now)."""
    now = utcnow()
    db.session.execute(
        db.update(PasswordReset)
        .where(PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None), PasswordReset.expires_at > now)
        .values(expires_at=now)
    )
