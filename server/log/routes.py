"""HTTP routes: entries (one at a time or an offline outbox), weeks and streaks, away periods."""

from flask import jsonify
from flask.views import MethodView
from flask_login import current_user

from ..auth import login_required
from ..bank import service as bank
from ..http import Blueprint
from . import service
from .schemas import (
    AwayPeriodSchema,
    EntryCreateSchema,
    EntryRangeSchema,
    EntrySchema,
    EntrySyncAnswerSchema,
    EntrySyncSchema,
    EntryUpdateSchema,
    LearningWeekSchema,
    ListsSchema,
    WeeksQuerySchema,
)

blp = Blueprint(
    "log", __name__, url_prefix="/api/v1", description="Entries, weeks, streaks, away weeks and offline sync"
)


@blp.route("/lists")
class Lists(MethodView):
    @blp.doc(security=[])
    @blp.response(200, ListsSchema)
    def get(self):
        """The lists the app offers and the API accepts, in their order: the app keeps them and never
        repeats them (their names in each language are the app's texts `activity_…`, `kind_…`, `away_…`)."""
        return {"activities": service.ACTIVITIES, "kinds": bank.KINDS, "away_reasons": service.AWAY_REASONS}


@blp.route("/entries")
class Entries(MethodView):
    @login_required
    @blp.arguments(EntryRangeSchema, location="query")
    @blp.response(200, EntrySchema(many=True))
    def get(self, query):
        # Written out from plain rows (the list the app opens with); EntrySchema documents it.
        rows = service.entry_rows_in_range(current_user.id, query.get("start"), query.get("end"))
        return jsonify([service.entry_answer(row) for row in rows])

    @login_required
    @blp.arguments(EntryCreateSchema)
    @blp.response(201, EntrySchema)
    @blp.alt_response(200, schema=EntrySchema, description="This id was stored before: the stored entry")
    @blp.alt_response(409, description="The id belongs to an entry that is not yours")
    def post(self, data):
        entry, created = service.log_entry(current_user, data)
        return entry, 201 if created else 200


@blp.route("/entries/sync")
class EntriesSync(MethodView):
    @login_required
    @blp.arguments(EntrySyncSchema)
    @blp.response(200, EntrySyncAnswerSchema)
    def post(self, data):
        """Replay an offline outbox: valid items are stored even when others are invalid."""
        return {"results": service.sync_outbox(current_user, data["entries"])}


@blp.route("/entries/<entry_id>")
class EntryById(MethodView):
    @login_required
    @blp.response(200, EntrySchema)
    def get(self, entry_id):
        return service.own_entry(current_user, entry_id)

    @login_required
    @blp.arguments(EntryUpdateSchema)
    @blp.response(200, EntrySchema)
    def patch(self, changes, entry_id):
        return service.update_entry(current_user, service.own_entry(current_user, entry_id), changes)

    @login_required
    @blp.response(204)
    def delete(self, entry_id):
        service.delete_entry(current_user, service.own_entry(current_user, entry_id))


@blp.route("/me/weeks/current")
class CurrentWeek(MethodView):
    @login_required
    @blp.response(200, LearningWeekSchema)
    def get(self):
        return service.week_summary(current_user)


@blp.route("/me/weeks")
class Weeks(MethodView):
    @login_required
    @blp.arguments(WeeksQuerySchema, location="query")
    @blp.response(200, LearningWeekSchema(many=True))
    def get(self, query):
        """The last `count` weeks, newest first."""
        return service.recent_weeks(current_user, query["count"])


@blp.route("/me/away")
class AwayPeriods(MethodView):
    @login_required
    @blp.response(200, AwayPeriodSchema(many=True))
    def get(self):
        return service.away_periods(current_user)

    @login_required
    @blp.arguments(AwayPeriodSchema)
    @blp.response(201, AwayPeriodSchema)
    def post(self, data):
        """Mark days or a whole week away: no goal, no reminder, the streak neither grows nor breaks."""
        return service.add_away_period(current_user, data["starts_on"], data["ends_on"], data["reason"])


@blp.route("/me/away/<int:period_id>")
class AwayPeriodById(MethodView):
    @login_required
    @blp.response(204)
    def delete(self, period_id):
        service.delete_away_period(current_user, period_id)
