"""Account rules: sign-in, people, profiles and personal API tokens. What other features may call.

Functions flush; the request (or CLI command) commits.
"""

import secrets
from collections.abc import Callable

from flask import Flask, current_app
from flask_babel import lazy_gettext as _l

from ..clock import is_zone, utcnow
from ..errors import RuleError
from ..extensions import db
from ..fields import View
from . import logins
from .access import register_access_end, revoke_all_tokens, set_active  # noqa: F401  (for other features)
from .authority import keep_an_admin, withdraw_reset_links  # noqa: F401  (keep_an_admin: for features that deactivate)
from .directory import (  # noqa: F401  (the company directory's view of people, for scim)
    change_details,
    check_directory_names,
    count_people,
    directory_candidates,
    directory_identities,
    directory_page,
    link_to_directory,
    user_name_key,
)
from .models import DEFAULT_MIN_GROUP_SIZE, ApiToken, Organisation, User
from .privacy import erase_account  # noqa: F401  (deletion by the company directory, for scim)
from .schemas import PASSWORD_LENGTH
from .schemas import UserSchema as ProfileSchema  # noqa: F401  (the profile shape other features answer with)
from .security import check_password, hash_password, hash_token
from .signals import password_changed, role_changed, signed_in_with_password  # noqa: F401  (features listen)

ProfilePart = Callable[[list[User]], dict[int, dict]]  # (people) -> {user id: {attribute: value}}


def normalise_email(email: str) -> str:
    return email.strip().lower()


def authenticate(email: str, password: str) -> User:
    """The user for these credentials, or a 401; unknown emails cost the same hashing time."""
    user = find_user(email)
    ok = check_password(user.password_hash if user else None, password)
    if not ok or user is None or not user.is_active:
        raise RuleError("password", _l("Wrong email or password."), 401)
    if not password_sign_in_allowed(organisation_of(user), user.role):  # said only to whoever knows the password
        raise RuleError("password", _l("Password sign-in is for admins only; sign in with your company account."), 403)
    signed_in_with_password.send(user)
    return user


# -- sign-in with the company account ---------------------------------------------------------------
def register_single_sign_on(app: Flask, describe: Callable[[], dict | None]) -> None:
    """The sso feature (above accounts) tells whether sign-in with the company account is set up:
    `describe()` gives `{"label", "url"}`, or None."""
    app.extensions["accounts.single_sign_on"] = describe


def single_sign_on() -> dict | None:
    describe = current_app.extensions.get("accounts.single_sign_on")
    return describe() if describe else None


def password_sign_in_allowed(organisation: Organisation, role: str) -> bool:
    """Admins always may (the way back in when the provider is down); others unless the organisation
    turned passwords off, which holds only while sign-in with the company account is set up."""
    return role == "admin" or not organisation.password_sign_in_admins_only or single_sign_on() is None


def sign_in_options() -> dict:
    """What the sign-in screen offers before anyone is known (the default organisation's rule)."""
    sso = single_sign_on()
    # Passwords are for admins only while the company sign-in is set up: without it, no query.
    org = default_organisation() if sso is not None else None
    admins_only = org is not None and org.password_sign_in_admins_only
    return {"sso": sso, "password": "admins" if admins_only else "everyone"}


def get_or_create_organisation(
    name: str,
    *,
    timezone: str = "Europe/Stockholm",
    weekly_goal_minutes: int = 60,
    default_locale: str = "sv",
    min_group_size: int = DEFAULT_MIN_GROUP_SIZE,
) -> Organisation:
    org = find_organisation(name)
    if org is None:
        org = Organisation(
            name=name,
            timezone=timezone,
            weekly_goal_minutes=weekly_goal_minutes,
            default_locale=default_locale,
            min_group_size=min_group_size,
        )
        db.session.add(org)
        db.session.flush()
    return org


def get_organisation(organisation_id: int) -> Organisation | None:
    return db.session.get(Organisation, organisation_id)


def find_organisation(name: str) -> Organisation | None:
    return db.session.scalar(db.select(Organisation).where(Organisation.name == name))


def organisations() -> list[Organisation]:
    return list(db.session.scalars(db.select(Organisation).order_by(Organisation.id)))


def default_organisation() -> Organisation | None:
    return db.session.scalar(db.select(Organisation).order_by(Organisation.id).limit(1))


def email_taken(email: str) -> bool:
    return db.session.scalar(db.select(User.id).where(User.email == normalise_email(email))) is not None


def create_user(
    org: Organisation,
    *,
    email: str,
    name: str,
    password: str | None,
    role: str = "employee",
    locale: str | None = None,
    timezone: str | None = None,
) -> User:
    email = normalise_email(email)
    if not name.strip():
        raise RuleError("name", _l("Must not be blank."))
    if email_taken(email):
        raise RuleError("email", _l("An account with this email already exists."), 409)
    user = User(
        organisation_id=org.id,
        email=email,
        name=name.strip(),
        role=role,
        password_hash=hash_password(password) if password else None,
        locale=locale or org.default_locale,
        timezone=timezone or org.timezone,
    )
    db.session.add(user)
    db.session.flush()
    return user


def organisation_of(user: User) -> Organisation:
    return db.session.get(Organisation, user.organisation_id)


def weekly_goal(user: User, organisation: Organisation | None = None) -> int:
    """The personal goal when set, else the organisation's."""
    if user.weekly_goal_minutes is not None:
        return user.weekly_goal_minutes
    return (organisation or organisation_of(user)).weekly_goal_minutes


def users_by_id(user_ids) -> dict[int, User]:
    ids = list({i for i in user_ids if i is not None})
    if not ids:
        return {}
    return {u.id: u for u in db.session.scalars(db.select(User).where(User.id.in_(ids)))}


def people(organisation_id: int) -> list[User]:
    """Everyone in the organisation, deactivated people included, deleted accounts left out."""
    return list(
        db.session.scalars(
            db.select(User)
            .where(User.organisation_id == organisation_id, User.deleted_at.is_(None))
            .order_by(User.name, User.id)
        )
    )


def person(organisation_id: int, user_id: int) -> User | None:
    """One person of this organisation; other organisations' people do not exist here."""
    user = db.session.get(User, user_id)
    if user is None or user.organisation_id != organisation_id or user.deleted_at is not None:
        return None
    return user


def colleague(user: User, user_id: int) -> User:
    """An active person of the caller's organisation, or a 422 on `user_id`."""
    found = person(user.organisation_id, user_id)
    if found is None or not found.is_active:
        raise RuleError("user_id", _l("No such person in your organisation."))
    return found


# -- profiles -----------------------------------------------------------------------------------
def register_profile_part(app: Flask, part: ProfilePart) -> None:
    """A feature above accounts adds what it knows of people to their profile (teams, say)."""
    app.extensions.setdefault("profile_parts", []).append(part)


def profiles(users: list[User]) -> list[View]:
    """People as `/me` and the admin's people list show them, parts of other features included."""
    # Usually one organisation, already in the session's identity map (loaded with the caller).
    orgs = {org_id: db.session.get(Organisation, org_id) for org_id in {u.organisation_id for u in users}}
    extra: dict[int, dict] = {u.id: {} for u in users}
    for part in current_app.extensions.get("profile_parts", []):
        for user_id, values in part(users).items():
            extra[user_id].update(values)
    return [
        View(
            u,
            organisation=orgs[u.organisation_id],
            has_password=u.password_hash is not None,
            effective_goal_minutes=weekly_goal(u, orgs[u.organisation_id]),
            **extra[u.id],
        )
        for u in users
    ]


def profile(user: User) -> View:
    return profiles([user])[0]


def update_profile(user: User, changes: dict) -> User:
    if "timezone" in changes and not is_zone(changes["timezone"]):
        raise RuleError("timezone", _l("Unknown time zone."))
    if "password" in changes:
        if not check_password(user.password_hash, changes.pop("current_password", "") or ""):
            raise RuleError("current_password", _l("The current password is wrong."))
        user.password_hash = hash_password(changes.pop("password"))
        # A new password ends every other sign-in, API token and reset link: whoever knew the old one is out.
        logins.end_logins(user, keep_current=True)
        _password_changed(user)
    changes.pop("current_password", None)
    for key in ("name", "locale", "timezone", "weekly_goal_minutes"):
        if key in changes:
            setattr(user, key, changes[key].strip() if key == "name" else changes[key])
    db.session.flush()
    return user


def set_password(user: User, password: str) -> User:
    """A new password (from a reset link or the command line): every session, API token and reset
    link ends, and the calendar feed gets a new URL."""
    if not PASSWORD_LENGTH.min <= len(password) <= PASSWORD_LENGTH.max:
        raise RuleError("password", _l("A password needs at least 8 characters."))
    user.password_hash = hash_password(password)
    logins.end_logins(user)
    _password_changed(user)
    db.session.flush()
    return user


def _password_changed(user: User) -> None:
    revoke_all_tokens(user)
    withdraw_reset_links(user)
    password_changed.send(user)


def find_user(email: str) -> User | None:
    return db.session.scalar(db.select(User).where(User.email == normalise_email(email)))


# -- API tokens ---------------------------------------------------------------------------------
def issue_token(user: User, name: str) -> tuple[ApiToken, str]:
    """A new personal API token; the plain value exists only in this return."""
    plain = "lh_" + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=name.strip(), token_hash=hash_token(plain), prefix=plain[:8])
    db.session.add(token)
    db.session.flush()
    return token, plain


def list_tokens(user: User) -> list[ApiToken]:
    return list(
        db.session.scalars(
            db.select(ApiToken)
            .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
            .order_by(ApiToken.created_at.desc())
        )
    )


def revoke_token(user: User, token_id: int) -> None:
    """Revoke one of the person's own tokens; anyone else's, or one revoked before, is a 404."""
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id or token.revoked_at is not None:
        raise RuleError("token_id", _l("No such token."), 404)
    token.revoked_at = utcnow()
    db.session.flush()
