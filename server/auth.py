"""The core of sign-in every feature relies on: who may call a view (signed in, which role), and
CSRF on cookie-authenticated writes.

Who the caller *is* (the session cookie or a bearer token) is the accounts feature's business: it
registers Flask-Login's loaders and marks bearer requests with `mark_bearer()`.
"""

import hmac
import ipaddress
import secrets
from functools import wraps

from flask import Flask, current_app, g, request, session
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from flask_smorest import abort

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
CSRF_HEADER = "X-CSRF-Token"


def csrf_token() -> str:
    """The session's CSRF token, made on first use."""
    if "csrf_token" not in session:
        session["csrf_token"] = secrets.token_urlsafe(32)
    return session["csrf_token"]


def new_csrf_token() -> str:
    """A fresh token, for a fresh sign-in: a token seen before signing in is worth nothing after."""
    session["csrf_token"] = secrets.token_urlsafe(32)
    return session["csrf_token"]


def register_login_store(app: Flask, store) -> None:
    """The feature that keeps sign-ins (accounts) hands in `open_login(user, user_agent)` and
    `close_login(user)`, so that a sign-in lives on the server and signing out ends it."""
    app.extensions["auth.logins"] = store


def sign_in(user, remember: bool = False) -> str:
    """Sign `user` in on this browser: a fresh session (nothing from before survives, the CSRF token
    included) tied to a new server-side sign-in. Returns the new CSRF token."""
    session.clear()
    current_app.extensions["auth.logins"].open_login(user, request.user_agent.string)
    login_user(user, remember=remember)
    return new_csrf_token()


def sign_out() -> None:
    """End this browser's sign-in on the server too: a copy of the old cookie no longer works."""
    if current_user.is_authenticated and not via_bearer():
        current_app.extensions["auth.logins"].close_login(current_user._get_current_object())
    logout_user()
    session.clear()


def mark_bearer() -> None:
    g.auth_via_token = True


def via_bearer() -> bool:
    return bool(g.get("auth_via_token"))


def csrf_exempt(view):
    """Declares a view (function or MethodView class) that carries its own credential, or hands out
    the CSRF token itself (sign-in, accepting an invitation), so it needs no X-CSRF-Token."""
    view.csrf_exempt = True
    return view


def _exempt(endpoint: str | None) -> bool:
    view = current_app.view_functions.get(endpoint or "")
    return bool(getattr(view, "csrf_exempt", False) or getattr(getattr(view, "view_class", None), "csrf_exempt", False))


def protect_from_csrf():
    """Cookie-authenticated writes must echo the session's CSRF token; bearer calls need not."""
    if request.method not in UNSAFE_METHODS or not request.path.startswith("/api/"):
        return
    if _exempt(request.endpoint):
        return
    if not current_user.is_authenticated or via_bearer():
        return  # anonymous: the view answers 401
    sent = request.headers.get(CSRF_HEADER, "")
    expected = session.get("csrf_token", "")
    if not sent or not expected or not hmac.compare_digest(sent, expected):
        abort(403, message=_("Missing or wrong X-CSRF-Token header; reload the app and try again."))


def session_required(view):
    """For what only a signed-in browser may do (minting API tokens): a bearer token is refused, so
    that a leaked token cannot make itself a successor."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            abort(401, message=_("Please sign in."))
        if via_bearer():
            abort(403, message=_("Sign in with a browser to do this; an API token cannot."))
        return view(*args, **kwargs)

    return wrapped


def login_required(view):
    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            abort(401, message=_("Please sign in."))
        return view(*args, **kwargs)

    return wrapped


def roles_required(*roles: str):
    def decorate(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                abort(401, message=_("Please sign in."))
            if current_user.role not in roles:
                abort(403, message=_("You are not allowed to do this."))
            return view(*args, **kwargs)

        return wrapped

    return decorate


def from_networks(setting: str):
    """The view answers only callers from the networks configured under `setting` (the operator's
    monitoring, say); to anyone else it does not exist (404)."""

    def decorate(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            try:
                caller = ipaddress.ip_address(request.remote_addr or "")
            except ValueError:
                abort(404)
            if not any(caller in network for network in current_app.config[setting]):
                abort(404)
            return view(*args, **kwargs)

        return wrapped

    return decorate


def register(app: Flask) -> None:
    app.before_request(protect_from_csrf)
