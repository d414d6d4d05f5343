"""Knowledge sessions: plan them, RSVP, log attendance (the calendar feed is `server.calendar`'s)."""

from flask import Flask

from ..extensions import api
from ..privacy import register_personal_data
from . import privacy, series_routes  # noqa: F401  (series routes join the blueprint)
from .routes import blp


def register(app: Flask) -> None:
    api.register_blueprint(blp)
    register_personal_data(app, "sessions", privacy.export_personal_data, privacy.erase_personal_data)
