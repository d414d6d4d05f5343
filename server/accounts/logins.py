"""Who is asking: sign-ins kept on the server (each browser's sign-in is a row, so that signing out,
changing the password or being deactivated ends it for every copy of its cookie), and Flask-Login's
loaders for that cookie and for `Authorization: Bearer` personal API tokens."""

import logging
import secrets
from datetime import timedelta
from functools import cache

from flask_babel import gettext as _
from flask_smorest import abort
from sqlalchemy.exc import SQLAlchemyError

from ..auth import mark_bearer
from ..clock import as_utc, utcnow
from ..extensions import db, login_manager
from .models import ApiToken, LoginSession, Organisation, User
from .security import hash_token

log = logging.getLogger(__name__)
# A token's last use is recorded at most this often, outside the request's own transaction: a read
# stays a read, and a full disk never fails a bearer GET.
TOKEN_USE_GRANULARITY = timedelta(minutes=5)


def open_login(user: User, user_agent: str | None) -> str:
    """A new sign-in for `user`; returns the key its cookie carries."""
    key = secrets.token_urlsafe(32)
    db.session.add(LoginSession(user_id=user.id, key_hash=hash_token(key), user_agent=(user_agent or "")[:300] or None))
    db.session.flush()
    user.login_key = key
    return key


def close_login(user: User) -> None:
    """End the sign-in this request runs under."""
    if user.login_key:
        db.session.execute(db.delete(LoginSession).where(LoginSession.key_hash == hash_token(user.login_key)))


def end_logins(user: User, *, keep_current: bool = False) -> None:
    """End the person's sign-ins on every browser (all but this one with `keep_current`)."""
    query = db.delete(LoginSession).where(LoginSession.user_id == user.id)
    if keep_current and user.login_key:
        query = query.where(LoginSession.key_hash != hash_token(user.login_key))
    db.session.execute(query)


# Every request runs one of these: each is built once (building a query costs more Python time than
# running it), with the request's values bound.
@cache
def _session_query():
    return (
        db.select(User, Organisation)
        .join(LoginSession, LoginSession.user_id == User.id)
        .join(Organisation, Organisation.id == User.organisation_id)
        .where(LoginSession.key_hash == db.bindparam("key_hash"), User.id == db.bindparam("user_id"))
    )


@cache
def _bearer_query():
    return (
        db.select(ApiToken, User, Organisation)
        .join(User, User.id == ApiToken.user_id)
        .join(Organisation, Organisation.id == User.organisation_id)
        .where(ApiToken.token_hash == db.bindparam("token_hash"), ApiToken.revoked_at.is_(None))
    )


@login_manager.user_loader
def _load_from_session(user_key: str) -> User | None:
    """`"<user id>:<sign-in key>"` from the session or remember-me cookie: valid while that sign-in's
    row exists."""
    user_id, _sep, key = user_key.partition(":")
    if not user_id.isdigit() or len(user_id) > 18 or not key:
        return None
    # One round trip: the sign-in, its person and their organisation (which every answer about the
    # person reads, and which then comes from the session's identity map).
    row = db.session.execute(_session_query(), {"key_hash": hash_token(key), "user_id": int(user_id)}).first()
    if row is None:
        return None
    user = _hold(*row)
    if not user.is_active:
        return None
    user.login_key = key
    return user


@login_manager.request_loader
def _load_from_bearer(req) -> User | None:
    header = req.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        return None
    # One round trip: the token, its person and their organisation (see `_load_from_session`).
    row = db.session.execute(_bearer_query(), {"token_hash": hash_token(header[7:].strip())}).first()
    if row is None:
        return None
    token, user = row[0], _hold(*row[1:])
    if not user.is_active:
        return None
    mark_bearer()
    _note_token_use(token)
    return user


def _hold(user: User, organisation: Organisation) -> User:
    # The identity map keeps objects only while something refers to them: the session holds the
    # caller's organisation until the request ends, so `db.session.get` finds it without a query.
    db.session.info.setdefault("held", {})[organisation.id] = organisation
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
