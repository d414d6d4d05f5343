"""HTTP routes: the private feed's URL and the feed itself, the learning block, and the block as a
file to import once."""

from flask import Blueprint as FlaskBlueprint
from flask import Response, url_for
from flask.views import MethodView
from flask_login import current_user

from ..auth import login_required
from ..database import writes_on_read
from ..http import Blueprint
from . import service
from .schemas import CalendarLinkSchema, LearningBlockChangesSchema, LearningBlockSchema

blp = Blueprint("calendar", __name__, url_prefix="/api/v1", description="My calendar: the feed and the learning block")
# Outside /api: calendar apps fetch it with no cookie and no token header, only the secret URL.
feed_blp = FlaskBlueprint("calendar_feed", __name__)
CALENDAR = "text/calendar; charset=utf-8"


def _calendar_link(token: str) -> dict:
    return {"url": url_for("calendar_feed.feed", token=token, _external=True)}


@blp.route("/me/calendar")
@writes_on_read  # the feed's secret URL is made on first ask
class MyCalendar(MethodView):
    @login_required
    @blp.response(200, CalendarLinkSchema)
    def get(self):
        """The caller's private calendar feed URL (iCalendar): the sessions they are coming to and
        their learning block."""
        return _calendar_link(service.feed_token(current_user))


@blp.route("/me/calendar/reset")
class MyCalendarReset(MethodView):
    @login_required
    @blp.response(200, CalendarLinkSchema)
    def post(self):
        """A new feed URL; the old one stops working."""
        return _calendar_link(service.feed_token(current_user, reset=True))


@blp.route("/me/learning-block")
class MyLearningBlock(MethodView):
    @login_required
    @blp.response(200, LearningBlockSchema)
    def get(self):
        """The weekly learning hour in the caller's calendar feed, in their own time zone."""
        return service.learning_block(current_user)

    @login_required
    @blp.arguments(LearningBlockChangesSchema)
    @blp.response(200, LearningBlockSchema)
    def patch(self, changes):
        """Turn it on or off, or move it: the feed's event moves with it (same UID)."""
        return service.update_learning_block(current_user, changes)


@blp.route("/me/learning-block.ics")
class MyLearningBlockFile(MethodView):
    @login_required
    @blp.response(200, content_type="text/calendar")
    def get(self):
        """The learning block as an iCalendar file to import once (it does not move later)."""
        response = Response(service.block_file(current_user), content_type=CALENDAR)
        response.headers["Content-Disposition"] = 'attachment; filename="learning-hour.ics"'
        response.headers["Cache-Control"] = "private, no-store"
        return response


@feed_blp.get("/calendar/<token>.ics")
def feed(token: str):
    response = Response(service.feed_text(service.feed_owner(token)), content_type=CALENDAR)
    response.headers["Cache-Control"] = "private, no-cache"
    response.headers["Content-Disposition"] = 'inline; filename="learning-hour.ics"'
    response.headers["X-Robots-Tag"] = "noindex"
    return response
