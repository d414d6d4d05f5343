"""Who is asking: session cookies, bearer tokens, CSRF and password hashing."""
import hashlib
import hmac
import secrets
from functools import cache, wraps

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, g, request, session
from flask_login import current_user
from flask_smorest import abort

from ..extensions import db, login_manager
from .models import ApiToken, User, utcnow

UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
CSRF_HEADER = "X-CSRF-Token"

# Sign-in and invite acceptance are how a client gets its CSRF token; a reminder's snooze carries a
# signed token of its own as the credential, whatever cookie the browser adds.
CSRF_EXEMPT_ENDPOINTS = frozenset({"auth.Login", "invites.AcceptInvite", "reminders.SnoozeByToken"})


@cache
def _hasher(time_cost: int, memory_cost: int) -> tuple[PasswordHasher, str]:
    hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_cost)
    # Verified against when the email is unknown, so that answer takes as long as a wrong password.
    return hasher, hasher.hash(secrets.token_urlsafe(16))


def _current_hasher() -> tuple[PasswordHasher, str]:
    cost = current_app.config.get("ARGON2_COST") or {}
    return _hasher(cost.get("time_cost", 3), cost.get("memory_cost", 65536))


def hash_password(password: str) -> str:
    return _current_hasher()[0].hash(password)


def check_password(password_hash: str | None, password: str) -> bool:
    hasher, dummy = _current_hasher()
    try:
        return hasher.verify(password_hash or dummy, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def csrf_token() -> str:
    if "csrf_token" not in session:
        session["csrf_token"] = secrets.token_urlsafe(32)
    return session["csrf_token"]


@login_manager.user_loader
def _load_from_session(user_key: str) -> User | None:
    user_id, _, version = user_key.partition(":")
    if not user_id.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.is_active or str(user.session_version) != version:
        return None
    return user


@login_manager.request_loader
def _load_from_bearer(req) -> User | None:
    header = req.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        return None
    token = db.session.scalar(
        db.select(ApiToken).where(ApiToken.token_hash == hash_token(header[7:].strip()),
                                  ApiToken.revoked_at.is_(None)))
    if token is None:
        return None
    user = db.session.get(User, token.user_id)
    if user is None or not user.is_active:
        return None
    g.auth_via_token = True
    token.last_used_at = utcnow()
    db.session.commit()
    return user


@login_manager.unauthorized_handler
def _unauthorized():
    abort(401, message="Please sign in.")


def protect_from_csrf():
    """Cookie-authenticated writes must echo the session's CSRF token; bearer calls need not."""
    if request.method not in UNSAFE_METHODS or not request.path.startswith("/api/"):
        return
    if request.endpoint in CSRF_EXEMPT_ENDPOINTS:
        return
    if not current_user.is_authenticated or g.get("auth_via_token"):
        return  # anonymous: the view answers 401 (or lets login / invite acceptance through)
    sent = request.headers.get(CSRF_HEADER, "")
    expected = session.get("csrf_token", "")
    if not sent or not expected or not hmac.compare_digest(sent, expected):
        abort(403, message="Missing or wrong X-CSRF-Token header.")


def login_required(view):
    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            abort(401, message="Please sign in.")
        return view(*args, **kwargs)
    return wrapped


def roles_required(*roles: str):
    def decorate(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                abort(401, message="Please sign in.")
            if current_user.role not in roles:
                abort(403, message="You are not allowed to do this.")
            return view(*args, **kwargs)
        return wrapped
    return decorate
