"""Sign-in with the company account (OpenID Connect): send the person to the provider, take them
back, and find (or make) who they are here.

A person is found by the provider's `sub` once it is linked; before that by the provider's verified
e-mail address, with care (links.py: only some accounts link by themselves, others wait for proof,
another organisation's never). Someone unknown joins the default organisation as an employee when
their address is in OIDC_ALLOWED_DOMAINS, or the organisation of the invitation they came with.
Nobody else gets in: each refusal is a `Refused` whose `code` the sign-in screen explains in the
person's language.

Functions flush; the request commits.
"""

import hmac
from collections.abc import Mapping

from flask import current_app
from flask_babel import lazy_gettext as _l

from ..accounts import service as accounts
from ..audit import service as audit
from ..clock import iso, utcnow
from ..errors import RuleError
from ..extensions import db
from ..teams import service as teams
from . import links, provider
from .links import allowed_domains, wait_for_proof  # noqa: F401  (the routes' and the app's)
from .models import SsoIdentity

LOGIN_URL = "/auth/oidc/login"
PENDING_SECONDS = 15 * 60  # a trip to the provider that takes longer starts again
LOCALES = {"sv": "sv", "nb": "nb", "no": "nb", "nn": "nb", "en": "en"}


class Refused(RuleError):
    """The provider's answer does not let this person in. `code`: state, expired, unavailable,
    denied, failed, unverified, domain, deactivated, linked, not_configured. (`confirm`, a link
    waiting for proof, is no refusal: it is kept, and the screen asks for the password.)"""

    def __init__(self, code: str, message):
        super().__init__(code, message, 403)
        self.code = code


def configured() -> bool:
    config = current_app.config
    return bool(config.get("OIDC_ISSUER") and config.get("OIDC_CLIENT_ID"))


def describe() -> dict | None:
    """For the sign-in screen: the button's label and where it goes, or None when not set up."""
    if not configured():
        return None
    return {"label": current_app.config.get("OIDC_BUTTON_LABEL") or "", "url": LOGIN_URL}


def safe_next(path: str | None) -> str:
    """Only a path of this app: never another site (`//host`, `/\\host`, `https://…`)."""
    if not path or not path.startswith("/") or path.startswith(("//", "/\\")) or any(c in path for c in "\\\r\n\t"):
        return "/"
    return path[:500]


def _provider_refusal(error: provider.ProviderError) -> Refused:
    if error.kind == "unavailable":
        return Refused("unavailable", _l("The company sign-in service cannot be reached just now; please try again."))
    if error.kind == "expired":
        return Refused("expired", _l("This sign-in link was already used or has expired; please sign in again."))
    return Refused("failed", _l("The company sign-in did not work; please try again."))


def start(
    redirect_uri: str, *, next_path: str | None = None, invite: str | None = None, remember: bool = False
) -> tuple[str, dict]:
    """Where to send the browser, and what the signed session keeps until the person is back."""
    if not configured():
        raise Refused("not_configured", _l("Sign-in with the company account is not set up here."))
    config = current_app.config
    try:
        url, pending = provider.authorization_request(config["OIDC_ISSUER"], config["OIDC_CLIENT_ID"], redirect_uri)
    except provider.ProviderError as error:
        raise _provider_refusal(error) from error
    return url, pending | {
        "next": safe_next(next_path),
        "invite": invite,
        "remember": bool(remember),
        "started": utcnow().timestamp(),
    }


def finish(pending: dict | None, answer: Mapping[str, str], redirect_uri: str, *, browser_locale: str | None = None):
    """(the person the provider vouches for, their link), from its answer at the callback (`state`,
    `code` or `error`) and what `start` kept (`pending`, already taken out of the session: it works
    once); see `person_for`. `browser_locale`: the language the browser asks for, for a new account
    the provider names none."""
    state = answer.get("state") or ""
    if not pending or not state or not hmac.compare_digest(state.encode(), str(pending.get("state", "")).encode()):
        raise Refused("state", _l("This sign-in did not start here or was already finished; please sign in again."))
    if utcnow().timestamp() - float(pending.get("started") or 0) > PENDING_SECONDS:
        raise Refused("expired", _l("This sign-in link was already used or has expired; please sign in again."))
    if answer.get("error"):
        if answer["error"] == "access_denied":
            raise Refused("denied", _l("Sign-in was cancelled at the company sign-in service."))
        raise Refused("failed", _l("The company sign-in did not work; please try again."))
    if not answer.get("code"):
        raise Refused("failed", _l("The company sign-in did not work; please try again."))
    config = current_app.config
    issuer, client_id = config["OIDC_ISSUER"], config["OIDC_CLIENT_ID"]
    try:
        token = provider.exchange_code(
            issuer,
            client_id,
            config.get("OIDC_CLIENT_SECRET") or "",
            code=answer["code"],
            verifier=pending["verifier"],
            redirect_uri=redirect_uri,
        )
        claims = provider.id_token_claims(issuer, client_id, token, pending["nonce"])
    except provider.ProviderError as error:
        raise _provider_refusal(error) from error
    return person_for(claims, invite=pending.get("invite"), browser_locale=browser_locale)


def _verified_email(claims: dict) -> str | None:
    email = claims.get("email")
    verified = claims.get("email_verified") in (True, "true")
    usable = isinstance(email, str) and "@" in email and len(email) <= 254 and "\x00" not in email
    return accounts.normalise_email(email) if usable and verified else None


def _name(claims: dict, email: str) -> str:
    name = claims.get("name")
    if not isinstance(name, str) or not name.strip():
        parts = (claims.get("given_name"), claims.get("family_name"))
        name = " ".join(part for part in parts if isinstance(part, str))
    name = " ".join(name.replace("\x00", "").split())
    return (name or email.split("@")[0])[:200]


def _locale(value) -> str | None:
    return LOCALES.get(value.replace("_", "-").split("-")[0].lower()) if isinstance(value, str) else None


def _refuse_inactive(user) -> None:
    if user is None or not user.is_active:
        raise Refused("deactivated", _l("Your account here is deactivated; ask an admin to reactivate it."))


def person_for(claims: dict, *, invite: str | None = None, browser_locale: str | None = None):
    """(the account behind checked ID-token claims, its link): linked by `sub`, matched on the verified
    e-mail address (links.py decides whether that links now or waits for proof), or new. A link
    whose `confirmed_at` is None waits: nobody is signed in."""
    issuer, subject = current_app.config["OIDC_ISSUER"], str(claims["sub"])
    if not 0 < len(subject) <= 255 or "\x00" in subject:
        raise Refused("failed", _l("The company sign-in did not work; please try again."))
    email = _verified_email(claims)
    identity = db.session.scalar(
        db.select(SsoIdentity).where(SsoIdentity.issuer == issuer, SsoIdentity.subject == subject)
    )
    if identity is not None:
        user = accounts.users_by_id([identity.user_id]).get(identity.user_id)
        _refuse_inactive(user)
        identity.email = email or identity.email
        return user, identity if identity.confirmed_at is None else _signed_in(identity, user)
    if email is None:
        raise Refused(
            "unverified",
            _l(
                "The company sign-in did not confirm your e-mail address, so we cannot "
                "tell who you are; ask your IT department to verify it."
            ),
        )
    user = accounts.find_user(email)
    if user is not None:
        return user, _existing(user, issuer, subject, email)
    if invite:
        user = teams.accept_invite_without_password(invite, name=_name(claims, email), email=email)
        via = "invite"
    elif email.rpartition("@")[2] in allowed_domains() and (org := accounts.default_organisation()) is not None:
        user = accounts.create_user(org, email=email, name=_name(claims, email), password=None)
        via = "domain"
    else:
        raise _not_here()
    # The provider's word on the language first, then the browser's; else the organisation's default.
    locale = _locale(claims.get("locale")) or _locale(browser_locale)
    if locale:
        accounts.update_profile(user, {"locale": locale})
    audit.record(
        user,
        "person.joined_with_sso",
        target_type="person",
        target_id=user.id,
        target_name=user.name,
        details={"via": via, "subject": subject},
    )
    return user, _signed_in(links.link(user, issuer, subject, email, via=via, record=False), user)


def _not_here() -> Refused:
    return Refused("domain", _l("Your e-mail address is not one that may join here; ask an admin for an invitation."))


def _existing(user, issuer: str, subject: str, email: str) -> SsoIdentity:
    """An account that has the provider's verified address: linked now, or a link that waits."""
    if user.organisation_id != getattr(links.served_organisation(), "id", None):
        raise _not_here()  # the same answer as an address nobody has here
    _refuse_inactive(user)
    linked = db.session.scalar(
        db.select(SsoIdentity.id).where(
            SsoIdentity.user_id == user.id, SsoIdentity.issuer == issuer, SsoIdentity.confirmed_at.is_not(None)
        )
    )
    if linked is not None:
        raise Refused("linked", _l("Your account here is linked to another company account."))
    if links.may_link_itself(user, email):
        return _signed_in(links.link(user, issuer, subject, email, via="address"), user)
    return links.link(user, issuer, subject, email, via="address", confirmed=False)


def _signed_in(identity: SsoIdentity, user) -> SsoIdentity:
    identity.last_sign_in_at = utcnow()
    audit.record(
        user,
        "person.signed_in_with_sso",
        target_type="person",
        target_id=user.id,
        target_name=user.name,
        details={"subject": identity.subject},
    )
    db.session.flush()
    return identity


# -- the person's data ------------------------------------------------------------------------------
def export_personal_data(user) -> list[dict]:
    rows = db.session.scalars(db.select(SsoIdentity).where(SsoIdentity.user_id == user.id).order_by(SsoIdentity.id))
    return [
        {
            "issuer": i.issuer,
            "subject": i.subject,
            "email": i.email,
            "linked_at": iso(i.created_at),
            "last_sign_in_at": iso(i.last_sign_in_at),
            "confirmed_at": iso(i.confirmed_at),
        }
        for i in rows
    ]


def erase_personal_data(user) -> None:
    db.session.execute(db.delete(SsoIdentity).where(SsoIdentity.user_id == user.id))
