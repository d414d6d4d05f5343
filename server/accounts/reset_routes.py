"""Password reset links: an admin makes one for a person; whoever holds it sets a new password once."""

from flask import current_app, request
from flask.views import MethodView
from flask_babel import gettext as _
from flask_login import current_user

from ..auth import csrf_exempt, roles_required
from ..extensions import limiter, per_ip_limit
from ..http import Blueprint
from . import admin, resets, throttle
from .schemas import (
    ForgotPasswordAnswerSchema,
    ForgotPasswordSchema,
    NewPasswordSchema,
    ResetInfoSchema,
    ResetLinkSchema,
)

blp = Blueprint("password_resets", __name__, url_prefix="/api/v1", description="One-time password reset links")


@blp.route("/admin/users/<int:user_id>/reset-link")
class ResetLink(MethodView):
    @roles_required("admin")
    @blp.response(201, ResetLinkSchema)
    @blp.alt_response(404, description="No such person in your organisation")
    @blp.alt_response(409, description="The person is deactivated")
    def post(self, user_id):
        """A one-time link (valid for a day) that lets the person choose a new password."""
        return resets.issue_reset(
            current_user,
            admin.visible_person(current_user, user_id),
            current_app.config.get("PUBLIC_URL") or request.host_url,
        )


@blp.route("/password-resets/<string:token>")
@csrf_exempt
class ResetByToken(MethodView):
    decorators = [per_ip_limit("RESET_LIMIT_PER_IP", "10/minute;100/hour")]

    @blp.doc(security=[])
    @blp.response(200, ResetInfoSchema)
    @blp.alt_response(404, description="No such link")
    @blp.alt_response(410, description="Expired or already used")
    def get(self, token):
        return resets.describe(token)

    @blp.doc(security=[])
    @blp.arguments(NewPasswordSchema)
    @blp.response(204)
    @blp.alt_response(404, description="No such link")
    @blp.alt_response(410, description="Expired or already used")
    @blp.alt_response(429, description="Too many attempts; see Retry-After")
    def post(self, data, token):
        """Set the new password; every session and API token of the person ends."""
        resets.use_reset(token, data["password"])


@blp.route("/auth/password-reset")
@csrf_exempt
class ForgotPassword(MethodView):
    decorators = [
        per_ip_limit("RESET_REQUEST_LIMIT_PER_IP", "10/minute;100/hour", methods=("POST",)),
        limiter.limit(
            lambda: current_app.config.get("RESET_REQUEST_LIMIT_PER_ADDRESS", "3/hour;6/day"),
            key_func=lambda: f"reset-request:{throttle.request_email()}",
            methods=["POST"],
            scope="reset-request-address",
        ),
    ]

    @blp.doc(security=[])
    @blp.arguments(ForgotPasswordSchema)
    @blp.response(202, ForgotPasswordAnswerSchema)
    @blp.alt_response(429, description="Too many requests for this address or from here; see Retry-After")
    def post(self, data):
        """Forgot password: the same answer whether or not the address has an account. If it has, a
        single-use link to choose a new password (valid for an hour) is on its way by e-mail."""
        resets.request_reset(data["email"])
        return {"message": _("If an account has this address, an e-mail with a link is on its way.")}
