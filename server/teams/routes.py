"""Teams: list the teams a user may see, and (admins) create teams and set members and managers."""
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint, abort

from ..accounts import service as accounts
from ..accounts.security import login_required, roles_required
from ..extensions import db
from . import service
from .schemas import MemberChangeSchema, TeamSchema

blp = Blueprint("teams", __name__, url_prefix="/api/v1", description="Teams and team totals")


def _team_out(team, managed_ids: set[int]) -> dict:
    return {"id": team.id, "name": team.name, "managed": team.id in managed_ids,
            "member_count": len(service.member_ids(team.id))}


def _admin_team(team_id: int):
    team = service.get_team(current_user.organisation_id, team_id)
    if team is None:
        abort(404, message="No such team.")
    return team


def _same_org_user(user_id: int):
    user = accounts.users_by_id([user_id]).get(user_id)
    if user is None or user.organisation_id != current_user.organisation_id:
        abort(422, errors={"json": {"user_id": ["No such user in your organisation."]}})
    return user


@blp.route("/teams")
class Teams(MethodView):
    @login_required
    @blp.response(200, TeamSchema(many=True))
    def get(self):
        managed = service.managed_team_ids(current_user)
        return [_team_out(t, managed) for t in service.visible_teams(current_user)]

    @roles_required("admin")
    @blp.arguments(TeamSchema)
    @blp.response(201, TeamSchema)
    def post(self, data):
        try:
            team = service.create_team(current_user.organisation_id, data["name"])
        except service.TeamError as error:
            db.session.rollback()
            abort(409, message=error.message)
        db.session.commit()
        return _team_out(team, set())


@blp.route("/teams/<int:team_id>/members")
class TeamMembers(MethodView):
    @roles_required("admin")
    @blp.arguments(MemberChangeSchema)
    @blp.response(204)
    def post(self, data, team_id):
        service.add_member(_admin_team(team_id), _same_org_user(data["user_id"]))
        db.session.commit()

    @roles_required("admin")
    @blp.arguments(MemberChangeSchema)
    @blp.response(204)
    def delete(self, data, team_id):
        service.remove_member(_admin_team(team_id), _same_org_user(data["user_id"]))
        db.session.commit()


@blp.route("/teams/<int:team_id>/managers")
class TeamManagers(MethodView):
    @roles_required("admin")
    @blp.arguments(MemberChangeSchema)
    @blp.response(204)
    def post(self, data, team_id):
        service.set_manager(_admin_team(team_id), _same_org_user(data["user_id"]), True)
        db.session.commit()

    @roles_required("admin")
    @blp.arguments(MemberChangeSchema)
    @blp.response(204)
    def delete(self, data, team_id):
        service.set_manager(_admin_team(team_id), _same_org_user(data["user_id"]), False)
        db.session.commit()
