"""Knowledge sessions: plan them, RSVP, log attendance, and a private calendar feed."""

from flask import Flask

from ..accounts import service as accounts
from ..extensions import api
from ..privacy import register_personal_data
from . import calendar, privacy, series_routes  # noqa: F401  (series routes join the blueprint)
from .routes import blp, feed_blp


def _password_changed(user) -> None:
    # Whoever knew the old password may have copied the feed's secret URL: the next one is new.
    calendar.forget_feed(user)


def register(app: Flask) -> None:
    api.register_blueprint(blp)
    app.register_blueprint(feed_blp)
    register_personal_data(app, "sessions", privacy.export_personal_data, privacy.erase_personal_data)
    accounts.password_changed.connect(_password_changed, weak=False)
