"""Invitations: create a link (admins; managers for their own teams), look at it, accept it."""

from flask import current_app, request
from flask.views import MethodView
from flask_login import current_user

from ..accounts import service as accounts
from ..auth import csrf_exempt, login_required, roles_required, sign_in
from ..extensions import per_ip_limit
from ..fields import View
from ..http import Blueprint
from . import invites, service
from .schemas import (
    AcceptedInviteSchema,
    AcceptInviteSchema,
    InviteCreateSchema,
    InviteInfoSchema,
    NewInviteSchema,
    PendingInviteSchema,
)

blp = Blueprint("invites", __name__, url_prefix="/api/v1", description="Invitations to join the organisation")


def _created(team, data):
    invite, plain = invites.create_invite(current_user, team, **data)
    return invites.new_invite_view(invite, plain, current_app.config.get("PUBLIC_URL") or request.host_url)


@blp.route("/teams/<int:team_id>/invites")
class TeamInvites(MethodView):
    @login_required
    @blp.arguments(InviteCreateSchema)
    @blp.response(201, NewInviteSchema)
    @blp.alt_response(403, description="Neither an admin nor a manager of this team")
    def post(self, data, team_id):
        return _created(service.visible_team(current_user, team_id), data)


@blp.route("/invites")
class Invites(MethodView):
    @login_required
    @blp.response(200, PendingInviteSchema(many=True))
    @blp.alt_response(403, description="Neither an admin nor a manager")
    def get(self):
        """Pending invitations: the organisation's for admins, their own teams' for managers."""
        return invites.pending_invites(current_user)

    @roles_required("admin")
    @blp.arguments(InviteCreateSchema)
    @blp.response(201, NewInviteSchema)
    def post(self, data):
        return _created(None, data)


@blp.route("/invites/<int:invite_id>")
class InviteById(MethodView):
    @login_required
    @blp.response(204)
    @blp.alt_response(403, description="Neither an admin nor a manager of the invitation's team")
    @blp.alt_response(404, description="No such invitation in your organisation")
    def delete(self, invite_id):
        """Withdraw an invitation; its link stops working."""
        invites.revoke_invite(current_user, invite_id)


@blp.route("/invites/<int:invite_id>/resend")
class ResendInvite(MethodView):
    @login_required
    @blp.response(200, PendingInviteSchema)
    @blp.alt_response(403, description="Neither an admin nor a manager of the invitation's team")
    @blp.alt_response(404, description="No such invitation in your organisation")
    @blp.alt_response(409, description="Used, withdrawn or expired; or e-mail is not set up")
    def post(self, invite_id):
        """Mail the invitation again, with a new link (the old one stops working)."""
        return invites.resend_invite(current_user, invite_id)


@blp.route("/invites/<string:token>")
class InviteByToken(MethodView):
    decorators = [per_ip_limit("INVITE_LOOKUP_LIMIT_PER_IP", "30/minute;300/hour")]

    @blp.doc(security=[])
    @blp.response(200, InviteInfoSchema)
    @blp.alt_response(404, description="No such invitation")
    @blp.alt_response(410, description="Already used")
    def get(self, token):
        return invites.describe(token)


@blp.route("/invites/<string:token>/accept")
@csrf_exempt
class AcceptInvite(MethodView):
    decorators = [per_ip_limit("INVITE_ACCEPT_LIMIT_PER_IP", "10/minute;100/hour")]

    @blp.doc(security=[])
    @blp.arguments(AcceptInviteSchema)
    @blp.response(201, AcceptedInviteSchema)
    @blp.alt_response(403, description="Password sign-in is for admins only here: join with the company account")
    @blp.alt_response(404, description="No such invitation")
    @blp.alt_response(409, description="An account with this email already exists")
    @blp.alt_response(410, description="Expired or already used")
    @blp.alt_response(429, description="Too many attempts; see Retry-After")
    def post(self, data, token):
        user = invites.accept_invite(token, name=data["name"], email=data["email"], password=data["password"])
        profile = accounts.profile(user)
        return View(profile, user=profile, csrf_token=sign_in(user, data["remember"]))
