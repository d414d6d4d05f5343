"""Admin › Organisation: the provisioning tokens a company directory uses for `/scim/v2`."""

from flask.views import MethodView
from flask_login import current_user

from ..auth import roles_required, session_required
from ..http import Blueprint
from . import service
from .schemas import NewProvisioningTokenSchema, ProvisioningTokenCreateSchema, ProvisioningTokenSchema

blp = Blueprint(
    "scim_tokens", __name__, url_prefix="/api/v1", description="Provisioning tokens for the company directory (SCIM)"
)


@blp.route("/organisation/scim-tokens")
class ProvisioningTokens(MethodView):
    @roles_required("admin")
    @blp.response(200, ProvisioningTokenSchema(many=True))
    def get(self):
        return service.tokens(current_user.organisation_id)

    @roles_required("admin")
    @session_required
    @blp.arguments(ProvisioningTokenCreateSchema)
    @blp.response(201, NewProvisioningTokenSchema)
    @blp.alt_response(403, description="Admins only, signed in with a browser (never an API token)")
    def post(self, data):
        token, plain = service.issue_token(current_user, data["name"])
        token.token = plain
        return token


@blp.route("/organisation/scim-tokens/<int:token_id>")
class ProvisioningTokenById(MethodView):
    @roles_required("admin")
    @blp.response(204)
    @blp.alt_response(404, description="No such token in your organisation")
    def delete(self, token_id):
        service.revoke_token(current_user, token_id)
