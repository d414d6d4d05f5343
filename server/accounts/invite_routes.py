"""Invitations: create a link (admins; managers for their own teams), look at it, accept it."""
from flask import current_app, request
from flask.views import MethodView
from flask_login import current_user, login_user
from flask_smorest import Blueprint, abort

from ..errors import refuse
from ..extensions import limiter
from ..teams import service as teams
from . import invites
from .responses import profile
from .schemas import AcceptedInviteSchema, AcceptInviteSchema, InviteCreateSchema, InviteInfoSchema, NewInviteSchema
from .security import csrf_token, login_required, roles_required
from .service import AccountError

blp = Blueprint("invites", __name__, url_prefix="/api/v1", description="Invitations to join the organisation")


def _per_ip(setting: str, default: str):
    return limiter.limit(lambda: current_app.config.get(setting, default), methods=["GET", "POST"])


def _create(team, data) -> dict:
    try:
        invite, plain = invites.create_invite(current_user, team, **data)
    except AccountError as error:
        refuse(error)
    base = current_app.config.get("PUBLIC_URL") or request.host_url
    return {"id": invite.id, "token": plain, "url": f"{base.rstrip('/')}/invite/{plain}",
            "expires_at": invite.expires_at, "role": invite.role, "email": invite.email,
            "team": {"id": team.id, "name": team.name} if team else None}


@blp.route("/teams/<int:team_id>/invites")
class TeamInvites(MethodView):
    @login_required
    @blp.arguments(InviteCreateSchema)
    @blp.response(201, NewInviteSchema)
    @blp.alt_response(403, description="Neither an admin nor a manager of this team")
    def post(self, data, team_id):
        team = teams.get_team(current_user.organisation_id, team_id)
        if team is None:
            abort(404, message="No such team.")
        return _create(team, data)


@blp.route("/invites")
class Invites(MethodView):
    @roles_required("admin")
    @blp.arguments(InviteCreateSchema)
    @blp.response(201, NewInviteSchema)
    def post(self, data):
        return _create(None, data)


@blp.route("/invites/<string:token>")
class InviteByToken(MethodView):
    decorators = [_per_ip("INVITE_LOOKUP_LIMIT_PER_IP", "30/minute;300/hour")]

    @blp.response(200, InviteInfoSchema)
    @blp.alt_response(404, description="No such invitation")
    @blp.alt_response(410, description="Already used")
    def get(self, token):
        invite = invites.find_invite(token)
        if invite is None:
            abort(404, message="No such invitation.")
        if invite.accepted_at is not None:
            abort(410, message="This invitation has already been used.")
        return invites.describe(invite)


@blp.route("/invites/<string:token>/accept")
class AcceptInvite(MethodView):
    decorators = [_per_ip("INVITE_ACCEPT_LIMIT_PER_IP", "10/minute;100/hour")]

    @blp.arguments(AcceptInviteSchema)
    @blp.response(201, AcceptedInviteSchema)
    @blp.alt_response(404, description="No such invitation")
    @blp.alt_response(409, description="An account with this email already exists")
    @blp.alt_response(410, description="Expired or already used")
    @blp.alt_response(429, description="Too many attempts; see Retry-After")
    def post(self, data, token):
        try:
            user = invites.accept_invite(token, name=data["name"], email=data["email"], password=data["password"])
        except AccountError as error:
            refuse(error)
        login_user(user, remember=data["remember"])
        person = profile(user)
        return {**person, "user": person, "csrf_token": csrf_token()}
