"""Passwords and tokens, and who is asking: Flask-Login's loaders for the session cookie and for
`Authorization: Bearer` personal API tokens."""
import hashlib
import logging
import secrets
from datetime import timedelta
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import gettext as _
from flask_smorest import abort
from sqlalchemy.exc import SQLAlchemyError

from ..auth import mark_bearer
from ..clock import as_utc, utcnow
from ..extensions import db, login_manager
from .models import ApiToken, User

log = logging.getLogger(__name__)
# A token's last use is recorded at most this often, outside the request's own transaction: a read
# stays a read, and a full disk never fails a bearer GET.
TOKEN_USE_GRANULARITY = timedelta(minutes=5)


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


@login_manager.user_loader
def _load_from_session(user_key: str) -> User | None:
    user_id, _sep, version = user_key.partition(":")
    if not user_id.isdigit() or len(user_id) > 18:
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
    mark_bearer()
    _note_token_use(token)
    return user


def _note_token_use(token: ApiToken) -> None:
    now = utcnow()
    last = as_utc(token.last_used_at)
    if last is not None and now - last < TOKEN_USE_GRANULARITY:
        return
    try:
        with db.engine.begin() as connection:
            connection.execute(db.update(ApiToken).where(ApiToken.id == token.id).values(last_used_at=now))
    except SQLAlchemyError as error:  # bookkeeping only: the request goes on
        log.warning("could not record use of API token %s: %s", token.id, error)


@login_manager.unauthorized_handler
def _unauthorized():
    abort(401, message=_("Please sign in."))
