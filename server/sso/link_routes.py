"""The link between a person and their company account, as JSON: the person removes their own; an
admin removes anyone's in the organisation, or confirms one that waits for proof. The link itself is
shown on the profile (`company_account`), where the person and the admin screens already look."""

from flask.views import MethodView
from flask_login import current_user

from ..auth import login_required, roles_required
from ..http import Blueprint
from . import links

blp = Blueprint(
    "company_accounts", __name__, url_prefix="/api/v1", description="The link to a person's company account"
)


@blp.route("/me/company-account")
class MyCompanyAccount(MethodView):
    @login_required
    @blp.response(204)
    @blp.alt_response(404, description="No company account is linked")
    def delete(self):
        """Unlink my company account; signing in with it again links it only as the rules allow."""
        links.remove(current_user, current_user)


@blp.route("/admin/users/<int:user_id>/company-account")
class CompanyAccount(MethodView):
    @roles_required("admin")
    @blp.response(204)
    @blp.alt_response(404, description="No such person, or no company account linked")
    def delete(self, user_id):
        """Unlink a person's company account (a link that waits for proof, too)."""
        links.remove(current_user, links.person_of(current_user, user_id))


@blp.route("/admin/users/<int:user_id>/company-account/confirm")
class ConfirmCompanyAccount(MethodView):
    @roles_required("admin")
    @blp.response(204)
    @blp.alt_response(404, description="No such person, or no link waiting for proof")
    def post(self, user_id):
        """Confirm a link that waits for proof: the person then signs in with their company account."""
        links.confirm_by_admin(current_user, links.person_of(current_user, user_id))
