"""Password reset links: an admin makes one for a person; whoever holds it sets a new password once."""

from flask import current_app, request
from flask.views import MethodView
from flask_login import current_user

from ..auth import csrf_exempt, roles_required
from ..extensions import per_ip_limit
from ..http import Blueprint
from . import admin, resets
from .schemas import NewPasswordSchema, ResetInfoSchema, ResetLinkSchema

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
