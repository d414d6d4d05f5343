"""Sign-in throttling that stops guessing without letting a stranger lock the owner out.

Failed sign-ins are counted three ways (Flask-Limiter; in Redis when several processes serve):
per client address, per account and client, and per account across all clients. The last one is
what a distributed guesser hits, and it does not apply to a browser this account has signed in from
before (a signed "known device" cookie, as OWASP recommends), so the owner's own phone keeps
signing in while someone else hammers their address. Only failures count: the owner typing their
password correctly is never held back by someone else's mistakes from elsewhere.
"""

from flask import current_app, request
from flask_limiter.util import get_remote_address
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeSerializer

from ..extensions import limiter
from .service import normalise_email

DEVICE_COOKIE = "lh_device"
DEVICE_COOKIE_DAYS = 365
MAX_PEOPLE_PER_DEVICE = 8


def _email() -> str:
    body = request.get_json(silent=True) or {}
    email = body.get("email") if isinstance(body, dict) else None
    return normalise_email(email) if isinstance(email, str) else "?"


request_email = _email  # the address a request's JSON body names, as limits count it


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="accounts.known-device")


def known_emails() -> list[str]:
    """The accounts that have signed in from this browser before (newest first)."""
    try:
        value = _serializer().loads(request.cookies.get(DEVICE_COOKIE, ""))
    except BadSignature:
        return []
    return [e for e in value if isinstance(e, str)] if isinstance(value, list) else []


def remember_device(response, email: str):
    """After a successful sign-in: this browser is one the account is known to use."""
    emails = [email] + [e for e in known_emails() if e != email]
    response.set_cookie(
        DEVICE_COOKIE,
        _serializer().dumps(emails[:MAX_PEOPLE_PER_DEVICE]),
        max_age=DEVICE_COOKIE_DAYS * 86400,
        httponly=True,
        samesite="Lax",
        secure=current_app.config["SESSION_COOKIE_SECURE"],
        path="/api/v1/auth/",
    )
    return response


def _failed(response) -> bool:
    return response.status_code == 401


def _known_device() -> bool:
    return _email() in known_emails()


def sign_in_limits() -> list:
    return [
        limiter.limit(
            lambda: current_app.config["LOGIN_LIMIT_PER_CLIENT"],
            key_func=get_remote_address,
            methods=["POST"],
            deduct_when=_failed,
            scope="login-client",
        ),
        limiter.limit(
            lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT_AND_CLIENT"],
            key_func=lambda: f"{_email()}|{get_remote_address()}",
            methods=["POST"],
            deduct_when=_failed,
            scope="login-account-client",
        ),
        limiter.limit(
            lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT"],
            key_func=_email,
            methods=["POST"],
            deduct_when=_failed,
            exempt_when=_known_device,
            scope="login-account",
        ),
    ]


def password_check_limit():
    """Guessing the current password through a profile change or account deletion is limited per person."""
    return limiter.limit(
        lambda: current_app.config["PASSWORD_CHECK_LIMIT"],
        key_func=lambda: f"password-check:{current_user.get_id()}",
        methods=["PATCH", "DELETE"],
        deduct_when=lambda r: r.status_code in (401, 422),
        exempt_when=lambda: not current_user.is_authenticated,
    )
