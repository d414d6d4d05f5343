"""Teams: the teams a user may see, and (admins) creating, renaming, members and managers."""

from flask.views import MethodView
from flask_login import current_user

from ..accounts import service as accounts
from ..auth import login_required, roles_required
from ..fields import View
from ..http import Blueprint
from . import service
from .schemas import MemberChangeSchema, TeamListItemSchema, TeamSchema

blp = Blueprint("teams", __name__, url_prefix="/api/v1", description="Teams, members and managers")


def _listed(team, managed_ids: set[int]) -> View:
    return View(
        team,
        managed=team.id in managed_ids,
        member_count=len(service.member_ids(team.id)),
        may_view_totals=service.may_view_totals(current_user, team, managed_ids),
    )


@blp.route("/teams")
class Teams(MethodView):
    @login_required
    @blp.response(200, TeamListItemSchema(many=True))
    def get(self):
        managed = service.managed_team_ids(current_user)
        return [_listed(team, managed) for team in service.visible_teams(current_user)]

    @roles_required("admin")
    @blp.arguments(TeamSchema)
    @blp.response(201, TeamListItemSchema)
    @blp.alt_response(409, description="A team with this name exists")
    def post(self, data):
        return _listed(service.create_team(current_user.organisation_id, data["name"], actor=current_user), set())


@blp.route("/teams/<int:team_id>")
class TeamById(MethodView):
    @roles_required("admin")
    @blp.arguments(TeamSchema)
    @blp.response(200, TeamListItemSchema)
    @blp.alt_response(409, description="A team with this name exists")
    def patch(self, data, team_id):
        """Rename the team."""
        team = service.visible_team(current_user, team_id)
        return _listed(service.rename_team(team, data["name"], actor=current_user), set())


@blp.route("/teams/<int:team_id>/members")
class TeamMembers(MethodView):
    @roles_required("admin")
    @blp.arguments(MemberChangeSchema)
    @blp.response(204)
    def post(self, data, team_id):
        team, person = service.visible_team(current_user, team_id), accounts.colleague(current_user, data["user_id"])
        service.add_member(team, person, actor=current_user)

    @roles_required("admin")
    @blp.arguments(MemberChangeSchema)
    @blp.response(204)
    def delete(self, data, team_id):
        team, person = service.visible_team(current_user, team_id), accounts.colleague(current_user, data["user_id"])
        service.remove_member(team, person, actor=current_user)


@blp.route("/teams/<int:team_id>/managers")
class TeamManagers(MethodView):
    @roles_required("admin")
    @blp.arguments(MemberChangeSchema)
    @blp.response(204)
    def post(self, data, team_id):
        team, person = service.visible_team(current_user, team_id), accounts.colleague(current_user, data["user_id"])
        service.set_manager(team, person, True, actor=current_user)

    @roles_required("admin")
    @blp.arguments(MemberChangeSchema)
    @blp.response(204)
    def delete(self, data, team_id):
        team, person = service.visible_team(current_user, team_id), accounts.colleague(current_user, data["user_id"])
        service.set_manager(team, person, False, actor=current_user)
