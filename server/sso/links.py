"""Which existing account a company account may be linked to, and how the link is seen and removed.

A company account whose verified address matches an existing account here is linked to it
automatically only when that account is in the organisation the provider serves (the default
one), its address is in OIDC_ALLOWED_DOMAINS, and it is neither an admin's nor one with a
password. Any other account of that organisation gets a link that *waits* for proof: the person
signs in once with their password in the same browser within `PROOF_SECONDS`, or an admin confirms
it. An account in another organisation is never linked (and the refusal is the one an unknown
address gets). Every link, waiting link, confirmation and removal is in the audit trail with the
provider's subject; the person and an admin see the link on their screens and may remove it.

Functions flush; the request commits.
"""

from flask import current_app, has_request_context, session
from flask_babel import lazy_gettext as _l

from ..accounts import service as accounts
from ..audit import service as audit
from ..clock import utcnow
from ..config import email_domains
from ..errors import RuleError
from ..extensions import db
from .models import SsoIdentity

WAITING = "sso_waiting"  # the browser session's note of the link it may confirm with a password
PROOF_SECONDS = 15 * 60


def served_organisation():
    """The organisation the provider serves: the one people join on their first sign-in."""
    return accounts.default_organisation()


def allowed_domains() -> tuple[str, ...]:
    value = current_app.config.get("OIDC_ALLOWED_DOMAINS") or ()
    return email_domains(value) if isinstance(value, str) else tuple(value)


def may_link_itself(user, email: str) -> bool:
    """Whether the provider's word on the address is enough to link `user` (see the docstring)."""
    return (
        not user.is_admin
        and user.password_hash is None
        and email.rpartition("@")[2] in allowed_domains()
        and user.organisation_id == getattr(served_organisation(), "id", None)
    )


def link(
    user, issuer: str, subject: str, email: str, *, via: str, confirmed: bool = True, record: bool = True
) -> SsoIdentity:
    """A new link (or one waiting for proof); an earlier waiting link of the person gives way.
    `record=False` for a new account, whose joining is recorded with the subject already."""
    db.session.execute(
        db.delete(SsoIdentity).where(
            SsoIdentity.user_id == user.id, SsoIdentity.issuer == issuer, SsoIdentity.confirmed_at.is_(None)
        )
    )
    now = utcnow()
    identity = SsoIdentity(
        user_id=user.id,
        issuer=issuer,
        subject=subject,
        email=email,
        created_at=now,
        confirmed_at=now if confirmed else None,
    )
    db.session.add(identity)
    db.session.flush()
    if record:
        _record(user, user, "person.sso_linked" if confirmed else "person.sso_link_waiting", identity, via=via)
    return identity


def wait_for_proof(identity: SsoIdentity) -> None:
    """Remember in this browser's session which waiting link a password sign-in here may confirm."""
    session[WAITING] = {"id": identity.id, "user": identity.user_id, "at": utcnow().timestamp()}


def confirm_with_password(user) -> None:
    """After `user` signed in with their password: the link this browser was waiting for, if it is
    theirs and recent, is confirmed."""
    if not has_request_context():  # a password checked by a command, not a browser
        return
    waiting = session.pop(WAITING, None)
    if not isinstance(waiting, dict) or waiting.get("user") != user.id:
        return
    if utcnow().timestamp() - float(waiting.get("at") or 0) > PROOF_SECONDS:
        return
    identity = db.session.get(SsoIdentity, waiting.get("id"))
    if identity is not None and identity.user_id == user.id and identity.confirmed_at is None:
        identity.confirmed_at = utcnow()
        _record(user, user, "person.sso_linked", identity, via="password")
        db.session.flush()


def person_of(admin, user_id: int):
    """A person of the admin's organisation, or a 404 (other organisations' people do not exist here)."""
    user = accounts.person(admin.organisation_id, user_id)
    if user is None:
        raise RuleError("user_id", _l("No such person."), 404)
    return user


def _of(user) -> list[SsoIdentity]:
    return list(db.session.scalars(db.select(SsoIdentity).where(SsoIdentity.user_id == user.id)))


def confirm_by_admin(admin, user) -> None:
    identity = next((i for i in _of(user) if i.confirmed_at is None), None)
    if identity is None:
        raise RuleError("user_id", _l("No company account is waiting to be linked to this person."), 404)
    identity.confirmed_at = utcnow()
    _record(admin, user, "person.sso_linked", identity, via="admin")
    db.session.flush()


def remove(actor, user) -> None:
    """Unlink the person's company account (theirs, or by an admin); signing in with it again links
    it again only as the rules above allow."""
    identities = _of(user)
    if not identities:
        raise RuleError("user_id", _l("No company account is linked to this person."), 404)
    for identity in identities:
        db.session.delete(identity)
        _record(actor, user, "person.sso_unlinked", identity, via="self" if actor.id == user.id else "admin")
    db.session.flush()


def _record(actor, user, action: str, identity: SsoIdentity, *, via: str) -> None:
    audit.record(
        actor,
        action,
        target_type="person",
        target_id=user.id,
        target_name=user.name,
        details={"subject": identity.subject, "email": identity.email, "via": via},
    )


def profile_part(users) -> dict[int, dict]:
    """`company_account` on each profile: the link as the person and an admin see it, or None."""
    found = {u.id: {"company_account": None} for u in users}
    rows = db.session.scalars(db.select(SsoIdentity).where(SsoIdentity.user_id.in_(list(found))))
    for identity in rows:
        found[identity.user_id]["company_account"] = {
            "email": identity.email,
            "subject": identity.subject,
            "linked_at": identity.created_at,
            "waiting": identity.confirmed_at is None,
            "last_sign_in_at": identity.last_sign_in_at,
        }
    return found
