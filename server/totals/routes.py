"""Team totals for the team's managers and admins, organisation totals for admins; JSON, CSV and XLSX."""

from flask import Response
from flask.views import MethodView
from flask_login import current_user

from ..accounts import service as accounts
from ..auth import login_required, roles_required
from ..database import writes_on_read
from ..http import Blueprint
from ..teams import service as teams
from . import totals
from .csv_export import filename_for, totals_csv
from .schemas import TotalsQuerySchema, TotalsSchema
from .xlsx_export import totals_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
blp = Blueprint("totals", __name__, url_prefix="/api/v1", description="Team and organisation totals")


def _team_totals(team_id: int, weeks: int) -> dict:
    return totals.team_totals(teams.totals_team(current_user, team_id), accounts.organisation_of(current_user), weeks)


def _organisation_totals(weeks: int) -> dict:
    return totals.organisation_totals(accounts.organisation_of(current_user), weeks)


def _csv(data: dict, scope: str = "team") -> Response:
    totals.note_export(current_user, data, "csv", scope)
    return Response(
        totals_csv(data),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename_for(data)}"'},
    )


def _xlsx(data: dict, scope: str = "team") -> Response:
    totals.note_export(current_user, data, "xlsx", scope)
    return Response(
        totals_xlsx(data),
        mimetype=XLSX,
        headers={"Content-Disposition": f'attachment; filename="{filename_for(data, "xlsx")}"'},
    )


@blp.route("/teams/<int:team_id>/totals")
class TeamTotals(MethodView):
    @login_required
    @blp.arguments(TotalsQuerySchema, location="query", as_kwargs=True)
    @blp.response(200, TotalsSchema)
    @blp.alt_response(403, description="Not a manager of this team nor an admin")
    @blp.alt_response(404, description="No such team in your organisation")
    def get(self, team_id, weeks):
        """Weekly totals of the team, newest week first."""
        return _team_totals(team_id, weeks)


@blp.route("/teams/<int:team_id>/totals.csv")
@writes_on_read  # the export is recorded in the audit trail
class TeamTotalsCsv(MethodView):
    @login_required
    @blp.arguments(TotalsQuerySchema, location="query", as_kwargs=True)
    @blp.response(200, content_type="text/csv")
    @blp.alt_response(403, description="Not a manager of this team nor an admin")
    @blp.alt_response(404, description="No such team in your organisation")
    def get(self, team_id, weeks):
        """The same totals as a spreadsheet (UTF-8 with BOM, `;`-separated, headers in your language)."""
        return _csv(_team_totals(team_id, weeks))


@blp.route("/teams/<int:team_id>/totals.xlsx")
@writes_on_read
class TeamTotalsXlsx(MethodView):
    @login_required
    @blp.arguments(TotalsQuerySchema, location="query", as_kwargs=True)
    @blp.response(200, content_type=XLSX)
    @blp.alt_response(403, description="Not a manager of this team nor an admin")
    @blp.alt_response(404, description="No such team in your organisation")
    def get(self, team_id, weeks):
        """The same totals as an Excel workbook (headers in your language, numbers and dates typed)."""
        return _xlsx(_team_totals(team_id, weeks))


@blp.route("/organisation/totals")
class OrganisationTotals(MethodView):
    @roles_required("admin")
    @blp.arguments(TotalsQuerySchema, location="query", as_kwargs=True)
    @blp.response(200, TotalsSchema)
    def get(self, weeks):
        """The whole organisation's weekly totals (admins); `team` is the organisation."""
        return _organisation_totals(weeks)


@blp.route("/organisation/totals.csv")
@writes_on_read
class OrganisationTotalsCsv(MethodView):
    @roles_required("admin")
    @blp.arguments(TotalsQuerySchema, location="query", as_kwargs=True)
    @blp.response(200, content_type="text/csv")
    def get(self, weeks):
        return _csv(_organisation_totals(weeks), "organisation")


@blp.route("/organisation/totals.xlsx")
@writes_on_read
class OrganisationTotalsXlsx(MethodView):
    @roles_required("admin")
    @blp.arguments(TotalsQuerySchema, location="query", as_kwargs=True)
    @blp.response(200, content_type=XLSX)
    def get(self, weeks):
        return _xlsx(_organisation_totals(weeks), "organisation")
