"""The person's calendar: a private feed (a secret URL calendar apps subscribe to) carrying the
knowledge sessions they joined and their weekly learning block, and the block as a file."""

from flask import Flask

from ..accounts import service as accounts
from ..extensions import api
from ..privacy import register_personal_data
from . import privacy, service
from .routes import blp, feed_blp


def register(app: Flask) -> None:
    api.register_blueprint(blp)
    app.register_blueprint(feed_blp)
    register_personal_data(app, "calendar", privacy.export_personal_data, privacy.erase_personal_data)
    accounts.password_changed.connect(_password_changed, weak=False)


def _password_changed(user) -> None:
    # Whoever knew the old password may have copied the feed's secret URL: the next one is new.
    service.forget_feed(user)
