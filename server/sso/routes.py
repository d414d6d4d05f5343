"""The two browser stops of sign-in with the company account. They answer redirects, not JSON, so
they live outside /api and the OpenAPI document: `/auth/oidc/login` sends the browser to the
provider, `/auth/oidc/callback` signs the person in as a password sign-in does (the same
server-side sign-in, cookie and CSRF token) and opens the app. Whatever goes wrong ends on the
sign-in screen (or the invitation it started from) with `?sso_error=<code>`, which the screen
explains in the person's language; a link to an existing account that waits for proof is kept and
ends there with `?sso_error=confirm` (sign in once with the password in this browser)."""

import re
from urllib.parse import quote

from flask import Blueprint, current_app, g, redirect, request, session, url_for

from ..auth import sign_in
from ..database import writes_on_read
from ..errors import RuleError
from ..extensions import db, per_ip_limit
from . import service

blp = Blueprint("sso", __name__)
PENDING = "sso_pending"
INVITE_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,100}$")
# What the invitation's own rules mean on the screen.
RULE_CODES = {"token": "invite", "email": "invite_email"}


def _redirect_uri() -> str:
    public = current_app.config.get("PUBLIC_URL")
    return f"{public.rstrip('/')}/auth/oidc/callback" if public else url_for("sso.callback", _external=True)


@blp.get("/auth/oidc/login")
@per_ip_limit("SSO_LIMIT_PER_IP", "30/minute;300/hour", methods=None)
def login():
    invite = request.args.get("invite", "")
    g.sso_invite = invite if INVITE_TOKEN.match(invite) else None
    url, pending = service.start(
        _redirect_uri(),
        next_path=request.args.get("next"),
        invite=g.sso_invite,
        remember=request.args.get("remember") == "1",
    )
    session[PENDING] = pending
    return redirect(url, 302)


@blp.get("/auth/oidc/callback")
@writes_on_read  # signs in: a sign-in row, perhaps an account and its link, the audit trail
@per_ip_limit("SSO_LIMIT_PER_IP", "30/minute;300/hour", methods=None)
def callback():
    pending = session.pop(PENDING, None)  # one use: a replayed callback finds nothing to finish
    g.sso_invite = pending.get("invite") if isinstance(pending, dict) else None
    user, identity = service.finish(
        pending if isinstance(pending, dict) else None,
        request.args,
        _redirect_uri(),
        browser_locale=request.accept_languages.best_match(service.LOCALES),
    )
    if identity.confirmed_at is None:  # kept (a redirect commits), for a password sign-in here to confirm
        service.wait_for_proof(identity)
        return redirect("/login?sso_error=confirm", 302)
    sign_in(user, remember=bool(pending.get("remember")))
    return redirect(pending.get("next") or "/", 302)


def _refused(error: RuleError):
    """Back to the screen the person came from, with what went wrong; nothing half-done is kept."""
    db.session.rollback()
    code = error.code if isinstance(error, service.Refused) else RULE_CODES.get(error.field, "failed")
    invite = g.get("sso_invite")
    screen = f"/invite/{quote(invite, safe='')}" if invite else "/login"
    return redirect(f"{screen}?sso_error={code}", 302)


blp.register_error_handler(RuleError, _refused)
