"""A person's own data: the whole export, and deleting the account.

Every feature registers its part with `server.privacy`; this module asks each of them, so the
export and the deletion cover everything without reaching into other features' tables.
"""

from flask_babel import lazy_gettext as _l

from .. import privacy
from ..audit import service as audit
from ..clock import iso, utcnow
from ..errors import RuleError
from ..extensions import db
from .access import end_access
from .authority import keep_an_admin
from .models import ApiToken, User
from .security import check_password


def export_account(user: User, profile: dict) -> dict:
    """Everything the product holds about this person, as plain JSON-able data."""
    tokens = db.session.scalars(db.select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id))
    data = {
        "exported_at": utcnow().isoformat(),
        "profile": profile | {"created_at": iso(user.created_at)},
        "organisation": profile["organisation"],
        "api_tokens": [
            {
                "id": t.id,
                "name": t.name,
                "prefix": t.prefix,
                "created_at": iso(t.created_at),
                "last_used_at": iso(t.last_used_at),
                "revoked_at": iso(t.revoked_at),
            }
            for t in tokens
        ],
    }
    for section, export in privacy.exporters().items():
        data[section] = export(user)
    return data


def delete_account(user: User, password: str) -> None:
    """Erase the person: every feature removes their personal content (their minutes stay,
    anonymous, so team totals do not change), then the account itself is anonymised. `password`
    confirms it: the password, or the e-mail address for an account without one."""
    if user.password_hash is None:  # signs in with the company account only: confirms with their address
        if password.strip().lower() != user.email:
            raise RuleError("password", _l("Type your e-mail address to confirm."))
    elif not check_password(user.password_hash, password):
        raise RuleError("password", _l("The password is wrong."))
    if user.is_admin:
        keep_an_admin(user, field="password", message=_l("You are the last admin; make someone else admin first."))
    erase_account(user, actor=user, action="person.deleted_own_account")


def erase_account(user: User, *, actor, action: str) -> None:
    """Account deletion itself, whoever asked (the person, or the company directory): the audit trail
    records it, every feature erases its part (the name leaves the trail too), every sign-in, token
    and device ends, and the account is anonymised in place so that minutes stay in team totals."""
    audit.record(actor, action, target_type="person", target_id=user.id, target_name=user.name)
    for erase in privacy.erasers():
        erase(user)
    now = utcnow()
    user.name = "Deleted user"
    user.email = f"deleted-{user.id}@invalid"
    user.password_hash = None
    user.weekly_goal_minutes = None
    user.active = False
    user.deactivated_at = user.deactivated_at or now
    user.deleted_at = now
    end_access(user)
    db.session.flush()
