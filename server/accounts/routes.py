"""Sign-in, the session, the profile and personal API tokens."""
from flask import current_app
from flask.views import MethodView
from flask_login import current_user, login_user, logout_user
from flask_smorest import Blueprint, abort

from ..errors import refuse
from ..extensions import limiter
from . import privacy, service
from .responses import profile
from .schemas import (
    DeleteAccountSchema,
    LoginSchema,
    NewTokenSchema,
    ProfileUpdateSchema,
    SessionSchema,
    TokenCreateSchema,
    TokenSchema,
    UserSchema,
)
from .security import csrf_token, login_required

blp = Blueprint("auth", __name__, url_prefix="/api/v1", description="Sign-in, profile and API tokens")


def _login_email_key() -> str:
    from flask import request
    body = request.get_json(silent=True) or {}
    email = body.get("email") if isinstance(body, dict) else None
    return "login:" + (service.normalise_email(email) if isinstance(email, str) else "?")


def _failed(response) -> bool:
    return response.status_code == 401


@blp.route("/auth/login")
class Login(MethodView):
    decorators = [
        limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_IP"], methods=["POST"]),
        limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT"], key_func=_login_email_key,
                      methods=["POST"], deduct_when=_failed),
    ]

    @blp.arguments(LoginSchema)
    @blp.response(200, SessionSchema)
    @blp.alt_response(401, description="Wrong email or password")
    @blp.alt_response(429, description="Too many attempts; see Retry-After")
    def post(self, data):
        user = service.authenticate(data["email"], data["password"])
        if user is None:
            abort(401, message="Wrong email or password.")
        login_user(user, remember=data["remember"])
        return {"user": profile(user), "csrf_token": csrf_token()}


@blp.route("/auth/logout")
class Logout(MethodView):
    @blp.response(204)
    def post(self):
        logout_user()


@blp.route("/auth/session")
class CurrentSession(MethodView):
    @login_required
    @blp.response(200, SessionSchema)
    def get(self):
        return {"user": profile(current_user), "csrf_token": csrf_token()}


@blp.route("/me")
class Me(MethodView):
    @login_required
    @blp.response(200, UserSchema)
    def get(self):
        return profile(current_user)

    @login_required
    @blp.arguments(ProfileUpdateSchema)
    @blp.response(200, UserSchema)
    def patch(self, changes):
        try:
            service.update_profile(current_user, changes)
        except service.AccountError as error:
            refuse(error)
        return profile(current_user)

    @login_required
    @blp.arguments(DeleteAccountSchema)
    @blp.response(204)
    @blp.alt_response(409, description="The last admin cannot leave")
    def delete(self, data):
        """Delete your account: your personal data goes, your minutes stay in team totals anonymously."""
        erasers = [erase for _, erase in privacy.sections(current_app).values()]
        try:
            privacy.delete_account(current_user, data["password"], erasers)
        except service.AccountError as error:
            refuse(error)
        logout_user()


@blp.route("/auth/tokens")
class Tokens(MethodView):
    @login_required
    @blp.response(200, TokenSchema(many=True))
    def get(self):
        return service.list_tokens(current_user)

    @login_required
    @blp.arguments(TokenCreateSchema)
    @blp.response(201, NewTokenSchema)
    def post(self, data):
        token, plain = service.issue_token(current_user, data["name"])
        return {"id": token.id, "name": token.name, "prefix": token.prefix, "created_at": token.created_at,
                "last_used_at": None, "token": plain}


@blp.route("/auth/tokens/<int:token_id>")
class TokenById(MethodView):
    @login_required
    @blp.response(204)
    def delete(self, token_id):
        if not service.revoke_token(current_user, token_id):
            abort(404, message="No such token.")
