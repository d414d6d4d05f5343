"""Whether a person may use the product at all: deactivating ends every way in at once (sign-ins on
every device, personal API tokens, and whatever features above accounts hand out, such as push
subscriptions); reactivating brings the same account back with its history.

The admin screen and the company directory (SCIM) both come through `set_active`, so a person who
leaves is out the same way whoever says so.
"""

from collections.abc import Callable

from flask import Flask, current_app

from ..clock import utcnow
from ..extensions import db
from . import logins
from .authority import withdraw_reset_links
from .models import ApiToken, User

AccessEnd = Callable[[User], None]  # (person) -> ends what that feature handed them


def register_access_end(app: Flask, end: AccessEnd) -> None:
    """A feature above accounts ends what it gave a person (reminders: push subscriptions) when their
    access ends; accounts cannot reach its tables."""
    app.extensions.setdefault("accounts.access_ends", []).append(end)


def end_access(user: User) -> None:
    """Out on every device at once: sign-ins, API tokens, open reset links and every feature's part."""
    logins.end_logins(user)
    revoke_all_tokens(user)
    withdraw_reset_links(user)
    for end in current_app.extensions.get("accounts.access_ends", []):
        end(user)


def set_active(user: User, active: bool) -> bool:
    """Deactivate (everything ends at once; the data stays) or reactivate (the same account, its
    history intact; tokens and devices do not come back). True when it changed anything."""
    if user.active == active:
        return False
    user.active = active
    user.deactivated_at = None if active else utcnow()
    if not active:
        end_access(user)
    db.session.flush()
    return True


def revoke_all_tokens(user: User) -> None:
    db.session.execute(
        db.update(ApiToken)
        .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
