"""Teams: list the teams a user may see, and (admins) create teams and set members and managers."""
from flask import Response
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint, abort

from ..accounts import service as accounts
from ..accounts.security import login_required, roles_required
from ..extensions import db
from . import service, totals
from .csv_export import filename_for, totals_csv
from .schemas import MemberChangeSchema, TeamListItemSchema, TeamSchema, TotalsQuerySchema, TotalsSchema

blp = Blueprint("teams", __name__, url_prefix="/api/v1", description="Teams and team totals")


def _team_out(team, managed_ids: set[int]) -> dict:
    return {"id": team.id, "name": team.name, "managed": team.id in managed_ids,
            "member_count": len(service.member_ids(team.id)),
            "may_view_totals": current_user.is_admin or team.id in managed_ids}


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
    @blp.response(200, TeamListItemSchema(many=True))
    def get(self):
        managed = service.managed_team_ids(current_user)
        return [_team_out(t, managed) for t in service.visible_teams(current_user)]

    @roles_required("admin")
    @blp.arguments(TeamSchema)
    @blp.response(201, TeamListItemSchema)
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


def _viewable_team(team_id: int):
    """Managers see the teams they manage, admins every team of their organisation; another
    organisation's team does not exist here."""
    team = service.get_team(current_user.organisation_id, team_id)
    if team is None:
        abort(404, message="No such team.")
    if not service.may_view_totals(current_user, team):
        abort(403, message="Only the team's managers and admins see its totals.")
    return team


def _csv_response(data: dict) -> Response:
    return Response(totals_csv(data), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{filename_for(data)}"'})


@blp.route("/teams/<int:team_id>/totals")
class TeamTotals(MethodView):
    @login_required
    @blp.arguments(TotalsQuerySchema, location="query", as_kwargs=True)
    @blp.response(200, TotalsSchema)
    @blp.alt_response(403, description="Not a manager of this team nor an admin")
    @blp.alt_response(404, description="No such team in your organisation")
    def get(self, team_id, weeks):
        """Weekly totals of the team, newest week first."""
        return totals.team_totals(_viewable_team(team_id), accounts.organisation_of(current_user), weeks)


@blp.route("/teams/<int:team_id>/totals.csv")
class TeamTotalsCsv(MethodView):
    @login_required
    @blp.arguments(TotalsQuerySchema, location="query", as_kwargs=True)
    @blp.response(200, content_type="text/csv")
    @blp.alt_response(403, description="Not a manager of this team nor an admin")
    @blp.alt_response(404, description="No such team in your organisation")
    def get(self, team_id, weeks):
        """The same totals as a spreadsheet (UTF-8 with BOM, `;`-separated, headers in your language)."""
        team = _viewable_team(team_id)
        return _csv_response(totals.team_totals(team, accounts.organisation_of(current_user), weeks))


@blp.route("/organisation/totals")
class OrganisationTotals(MethodView):
    @roles_required("admin")
    @blp.arguments(TotalsQuerySchema, location="query", as_kwargs=True)
    @blp.response(200, TotalsSchema)
    def get(self, weeks):
        """The whole organisation's weekly totals (admins); `team` is the organisation."""
        return totals.organisation_totals(accounts.organisation_of(current_user), weeks)


@blp.route("/organisation/totals.csv")
class OrganisationTotalsCsv(MethodView):
    @roles_required("admin")
    @blp.arguments(TotalsQuerySchema, location="query", as_kwargs=True)
    @blp.response(200, content_type="text/csv")
    def get(self, weeks):
        return _csv_response(totals.organisation_totals(accounts.organisation_of(current_user), weeks))
