"""Teams: the teams a user may see, and (admins) creating, renaming, members and managers."""

from flask.views import MethodView
from flask_babel import gettext as _
from flask_login import current_user
from flask_smorest import abort

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
        may_view_totals=current_user.is_admin or team.id in managed_ids,
    )


def _team(team_id: int):
    team = service.get_team(current_user.organisation_id, team_id)
    if team is None:
        abort(404, message=_("No such team."))
    return team


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
        return _listed(service.rename_team(_team(team_id), data["name"], actor=current_user), set())


@blp.route("/teams/<int:team_id>/members")
class TeamMembers(MethodView):
    @roles_required("admin")
    @blp.arguments(MemberChangeSchema)
    @blp.response(204)
    def post(self, data, team_id):
        service.add_member(_team(team_id), accounts.colleague(current_user, data["user_id"]), actor=current_user)

    @roles_required("admin")
    @blp.arguments(MemberChangeSchema)
    @blp.response(204)
    def delete(self, data, team_id):
        service.remove_member(_team(team_id), accounts.colleague(current_user, data["user_id"]), actor=current_user)


@blp.route("/teams/<int:team_id>/managers")
class TeamManagers(MethodView):
    @roles_required("admin")
    @blp.arguments(MemberChangeSchema)
    @blp.response(204)
    def post(self, data, team_id):
        service.set_manager(_team(team_id), accounts.colleague(current_user, data["user_id"]), True, actor=current_user)

    @roles_required("admin")
    @blp.arguments(MemberChangeSchema)
    @blp.response(204)
    def delete(self, data, team_id):
        service.set_manager(
            _team(team_id), accounts.colleague(current_user, data["user_id"]), False, actor=current_user
        )
