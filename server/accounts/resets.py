"""One-time password reset links: an admin hands one to a person who lost their password, or the
person asks for one by e-mail ("Forgot password?").

The same safety as invitations: only a hash of the link's token is stored, a link expires (after a
day when an admin made it, an hour when it was mailed), works once, and issuing a new one for the
same person withdraws the older ones, as do a new password and deactivation. A link an admin made
works only while that admin still is one (`authority.may_reset_for`). Setting the new password ends
every session and API token the person had, and is in the audit trail.
"""

import secrets
import time
from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l

from .. import mail
from ..audit import service as audit
from ..clock import as_utc, utcnow
from ..errors import RuleError
from ..extensions import db
from ..fields import View
from .authority import may_reset_for, withdraw_reset_links
from .models import PasswordReset, User
from .security import hash_token
from .service import find_user, organisation_of, password_sign_in_allowed, set_password, single_sign_on

LIFETIME = timedelta(hours=24)
MAILED_LIFETIME = timedelta(hours=1)


def issue_reset(admin: User, user: User, base_url: str) -> View:
    """A new link for `user`; the plain token exists only in this answer."""
    if not user.is_active:
        raise RuleError("user_id", _l("Reactivate this person before resetting their password."), 409)
    now = utcnow()
    withdraw_reset_links(user)
    plain = secrets.token_urlsafe(32)
    reset = PasswordReset(
        user_id=user.id, token_hash=hash_token(plain), created_by_id=admin.id, created_at=now, expires_at=now + LIFETIME
    )
    db.session.add(reset)
    audit.record(admin, "person.reset_link_issued", target_type="person", target_id=user.id, target_name=user.name)
    db.session.flush()
    return View(reset, token=plain, url=f"{base_url.rstrip('/')}/reset/{plain}", user=user)


def _open_reset(plain: str) -> tuple[PasswordReset, User]:
    """The reset behind a link: 404 when unknown, 410 when used or expired."""
    reset = db.session.scalar(db.select(PasswordReset).where(PasswordReset.token_hash == hash_token(plain)))
    user = db.session.get(User, reset.user_id) if reset is not None else None
    if reset is None or user is None or not user.is_active:
        raise RuleError("token", _l("No such reset link."), 404)
    if reset.used_at is not None:
        raise RuleError("token", _l("This reset link has already been used."), 410)
    if as_utc(reset.expires_at) <= utcnow():
        raise RuleError("token", _l("This reset link has expired; ask an admin for a new one."), 410)
    if not may_reset_for(reset.created_by_id, user):
        raise RuleError("token", _l("This reset link has been withdrawn; ask an admin for a new one."), 410)
    return reset, user


def describe(plain: str) -> View:
    """What the holder of the link sees before choosing a password: whose account it is."""
    reset, user = _open_reset(plain)
    return View(reset, email=user.email, name=user.name)


def use_reset(plain: str, password: str) -> User:
    """Set the new password once; every session, API token and other reset link of the person ends."""
    reset, user = _open_reset(plain)
    # Claimed atomically, so the same link cannot be used twice at once.
    claimed = db.session.execute(
        db.update(PasswordReset)
        .where(PasswordReset.id == reset.id, PasswordReset.used_at.is_(None))
        .values(used_at=utcnow())
    ).rowcount
    if claimed != 1:
        raise RuleError("token", _l("This reset link has already been used."), 410)
    set_password(user, password)
    audit.record(user, "person.reset_link_used", target_type="person", target_id=user.id, target_name=user.name)
    return user


# -- forgot password ------------------------------------------------------------------------------
def request_reset(email: str) -> None:
    """Mail a link valid for an hour to the account with this address; tell someone who signs in only
    with the company account so instead. For an unknown address nothing happens, and the caller
    cannot tell: the answer is the same and takes about as long (RESET_REQUEST_SECONDS at least)."""
    started = time.perf_counter()
    user = find_user(email)
    if user is not None and user.is_active and mail.enabled():
        _mail_reset(user)
    floor = float(current_app.config.get("RESET_REQUEST_SECONDS", 0.25))
    time.sleep(max(0.0, floor - (time.perf_counter() - started)))


def _company_account_only(user: User) -> dict | None:
    """The company sign-in, when it is the only way this person signs in."""
    sso = single_sign_on()
    if sso is None:
        return None
    only = user.password_hash is None or not password_sign_in_allowed(organisation_of(user), user.role)
    return sso if only else None


def _mail_reset(user: User) -> None:
    now = utcnow()
    company = _company_account_only(user)
    if company is not None:
        mail.send(
            "password_company",
            user.email,
            locale=user.locale,
            context={"email": user.email, "provider": company.get("label") or "SSO"},
            key=f"reset-company:{user.id}:{now.isoformat()}",
            name=user.name,
            organisation_id=user.organisation_id,
        )
        return
    withdraw_reset_links(user)
    plain = secrets.token_urlsafe(32)
    reset = PasswordReset(
        user_id=user.id, token_hash=hash_token(plain), created_at=now, expires_at=now + MAILED_LIFETIME
    )
    db.session.add(reset)
    db.session.flush()
    mail.send(
        "password_reset",
        user.email,
        locale=user.locale,
        context={"email": user.email, "path": f"/reset/{plain}"},
        key=f"reset:{reset.id}",
        name=user.name,
        organisation_id=user.organisation_id,
    )
