"""Sign-in, the session, the profile, personal API tokens and your own data."""

from flask import Blueprint as PageBlueprint
from flask import after_this_request, current_app
from flask.views import MethodView
from flask_login import current_user

from .. import mail
from ..auth import csrf_exempt, csrf_token, login_required, session_required, sign_in, sign_out
from ..clock import utcnow
from ..database import writes_on_read
from ..http import Blueprint
from . import privacy, service, throttle
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

blp = Blueprint("auth", __name__, url_prefix="/api/v1", description="Sign-in, profile and API tokens")
# Outside /api: the app's start asks who is signed in without logging a 401 for "nobody".
start_blp = PageBlueprint("start", __name__)


@blp.route("/auth/login")
@csrf_exempt
class Login(MethodView):
    decorators = throttle.sign_in_limits()

    @blp.doc(security=[])
    @blp.arguments(LoginSchema)
    @blp.response(200, SessionSchema)
    @blp.alt_response(401, description="Wrong email or password")
    @blp.alt_response(403, description="Password sign-in is for admins only here: use the company account")
    @blp.alt_response(429, description="Too many attempts; see Retry-After")
    def post(self, data):
        user = service.authenticate(data["email"], data["password"])
        after_this_request(lambda response: throttle.remember_device(response, user.email))
        return {"user": service.profile(user), "csrf_token": sign_in(user, data["remember"])}


@blp.route("/auth/logout")
class Logout(MethodView):
    @blp.doc(security=[])
    @blp.response(204)
    def post(self):
        sign_out()


@blp.route("/auth/session")
class CurrentSession(MethodView):
    @login_required
    @blp.response(200, SessionSchema)
    def get(self):
        return {"user": service.profile(current_user), "csrf_token": csrf_token()}


@blp.route("/me")
class Me(MethodView):
    decorators = [throttle.password_check_limit()]

    @login_required
    @blp.response(200, UserSchema)
    def get(self):
        return service.profile(current_user)

    @login_required
    @blp.arguments(ProfileUpdateSchema)
    @blp.response(200, UserSchema)
    def patch(self, changes):
        return service.profile(service.update_profile(current_user, changes))

    @login_required
    @blp.arguments(DeleteAccountSchema)
    @blp.response(204)
    @blp.alt_response(409, description="The last admin cannot leave")
    def delete(self, data):
        """Delete your account: your personal data goes, your minutes stay in team totals anonymously."""
        privacy.delete_account(current_user, data["password"])
        sign_out()


@blp.route("/me/export")
@writes_on_read  # the export is recorded in the audit trail
class Export(MethodView):
    @login_required
    @blp.response(200, description="All of your data as a JSON file")
    def get(self):
        data = privacy.export_account(current_user, UserSchema().dump(service.profile(current_user)))
        response = current_app.json.response(data)
        response.headers["Content-Disposition"] = f'attachment; filename="learning-hour-{utcnow():%Y-%m-%d}.json"'
        return response


@blp.route("/auth/tokens")
class Tokens(MethodView):
    @login_required
    @blp.response(200, TokenSchema(many=True))
    def get(self):
        return service.list_tokens(current_user)

    @session_required
    @blp.arguments(TokenCreateSchema)
    @blp.response(201, NewTokenSchema)
    @blp.alt_response(403, description="Only a signed-in browser mints tokens, never a token")
    def post(self, data):
        token, plain = service.issue_token(current_user, data["name"])
        token.token = plain
        return token


@blp.route("/auth/tokens/<int:token_id>")
class TokenById(MethodView):
    @login_required
    @blp.response(204)
    def delete(self, token_id):
        service.revoke_token(current_user, token_id)


@start_blp.get("/session.json")
def session_state():
    """Who is signed in, for the app's start: like GET /api/v1/auth/session, but answering
    "nobody" with a 200 `{user: null}`. `sign_in` tells the sign-in screen what it offers:
    `{sso: {label, url} | null, password: "everyone" | "admins"}`; `password_reset_by_mail` whether
    "Forgot password?" can mail a link."""
    if not current_user.is_authenticated:
        body = {"user": None}
    else:
        body = SessionSchema().dump({"user": service.profile(current_user), "csrf_token": csrf_token()})
    body["sign_in"] = service.sign_in_options()
    body["password_reset_by_mail"] = mail.enabled()  # "Forgot password?" where a link can be mailed
    response = current_app.json.response(body)
    response.headers["Cache-Control"] = "no-store"
    return response
