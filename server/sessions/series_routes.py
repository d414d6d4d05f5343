"""HTTP routes: series of knowledge sessions and their host rota."""

from flask.views import MethodView
from flask_login import current_user

from ..auth import login_required
from . import service
from .present import describe_series
from .routes import blp
from .schemas import HostSuggestionSchema, SeriesCreateSchema, SeriesSchema, SeriesUpdateSchema


@blp.route("/series")
class SeriesList(MethodView):
    @login_required
    @blp.response(200, SeriesSchema(many=True))
    def get(self):
        """The organisation's running series."""
        return [describe_series(s, current_user) for s in service.list_series(current_user.organisation_id)]

    @login_required
    @blp.arguments(SeriesCreateSchema)
    @blp.response(201, SeriesSchema)
    def post(self, data):
        """A series: its first session now, and the next ones as time goes by (three ahead at all times)."""
        return describe_series(service.plan_series(current_user, data), current_user)


@blp.route("/series/<int:series_id>")
class SeriesById(MethodView):
    @login_required
    @blp.response(200, SeriesSchema)
    def get(self, series_id):
        return describe_series(service.visible_series(current_user, series_id), current_user)

    @login_required
    @blp.arguments(SeriesUpdateSchema)
    @blp.response(200, SeriesSchema)
    @blp.alt_response(403, description="Only whoever planned the series, or an admin")
    def patch(self, changes, series_id):
        """Title, description, place, capacity: the sessions still to come change too."""
        series = service.editable_series(current_user, series_id)
        return describe_series(service.update_series(series, changes), current_user)

    @login_required
    @blp.response(204)
    @blp.alt_response(403, description="Only whoever planned the series, or an admin")
    def delete(self, series_id):
        """Stop the series: no more sessions; those to come that nobody joined go."""
        service.stop_series(service.editable_series(current_user, series_id))


@blp.route("/series/<int:series_id>/rota")
class SeriesRota(MethodView):
    @login_required
    @blp.response(200, HostSuggestionSchema(many=True))
    def get(self, series_id):
        """Who might host next: colleagues who have not hosted yet first, then those who hosted longest ago."""
        return service.suggest_hosts(service.visible_series(current_user, series_id))
