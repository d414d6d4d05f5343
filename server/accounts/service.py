"""Account rules: sign-in, people, profiles and personal API tokens."""
import secrets
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..extensions import db
from ..rules import RuleError
from .models import ApiToken, Organisation, User, utcnow
from .security import check_password, hash_password, hash_token


class AccountError(RuleError):
    """An account rule was broken."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def valid_timezone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def authenticate(email: str, password: str) -> User | None:
    """The user for these credentials, or None; unknown emails cost the same hashing time."""
    user = db.session.scalar(db.select(User).where(User.email == normalise_email(email)))
    ok = check_password(user.password_hash if user else None, password)
    if not ok or user is None or not user.is_active:
        return None
    return user


def get_or_create_organisation(name: str, *, timezone: str = "Europe/Stockholm",
                               weekly_goal_minutes: int = 60, default_locale: str = "sv") -> Organisation:
    org = db.session.scalar(db.select(Organisation).where(Organisation.name == name))
    if org is None:
        org = Organisation(name=name, timezone=timezone, weekly_goal_minutes=weekly_goal_minutes,
                           default_locale=default_locale)
        db.session.add(org)
        db.session.flush()
    return org


def create_user(org: Organisation, *, email: str, name: str, password: str, role: str = "employee",
                locale: str | None = None, timezone: str | None = None) -> User:
    email = normalise_email(email)
    if db.session.scalar(db.select(User.id).where(User.email == email)) is not None:
        raise AccountError("email", "An account with this email already exists.", 409)
    user = User(organisation_id=org.id, email=email, name=name.strip(), role=role,
                password_hash=hash_password(password), locale=locale or org.default_locale,
                timezone=timezone or org.timezone)
    db.session.add(user)
    db.session.flush()
    return user


def organisation_of(user: User) -> Organisation:
    return db.session.get(Organisation, user.organisation_id)


def weekly_goal(user: User) -> int:
    """The personal goal when set, else the organisation's."""
    if user.weekly_goal_minutes is not None:
        return user.weekly_goal_minutes
    return organisation_of(user).weekly_goal_minutes


def users_by_id(user_ids) -> dict[int, User]:
    ids = list(set(user_ids))
    if not ids:
        return {}
    return {u.id: u for u in db.session.scalars(db.select(User).where(User.id.in_(ids)))}


def update_profile(user: User, changes: dict) -> User:
    if "timezone" in changes and not valid_timezone(changes["timezone"]):
        raise AccountError("timezone", "Unknown time zone.")
    if "password" in changes:
        if not check_password(user.password_hash, changes.pop("current_password", "") or ""):
            raise AccountError("current_password", "The current password is wrong.")
        user.password_hash = hash_password(changes.pop("password"))
        user.session_version += 1
    changes.pop("current_password", None)
    for key in ("name", "locale", "timezone", "weekly_goal_minutes"):
        if key in changes:
            setattr(user, key, changes[key])
    db.session.commit()
    return user


def issue_token(user: User, name: str) -> tuple[ApiToken, str]:
    """A new personal API token; the plain value exists only in this return."""
    plain = "lh_" + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=name.strip(), token_hash=hash_token(plain), prefix=plain[:8])
    db.session.add(token)
    db.session.commit()
    return token, plain


def list_tokens(user: User) -> list[ApiToken]:
    return list(db.session.scalars(
        db.select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        .order_by(ApiToken.created_at.desc())))


def revoke_token(user: User, token_id: int) -> bool:
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id or token.revoked_at is not None:
        return False
    token.revoked_at = utcnow()
    db.session.commit()
    return True


