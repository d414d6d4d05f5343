"""Knowledge sessions (RSVP, attendance, calendar feed) and lessons learned."""
from flask import Flask

from ..extensions import api


def register(app: Flask) -> None:
    from ..accounts.privacy import register_personal_data
    from . import privacy
    from .lesson_routes import blp as lessons_blp
    from .routes import blp, feed_blp

    api.register_blueprint(blp)
    api.register_blueprint(lessons_blp)
    app.register_blueprint(feed_blp)
    register_personal_data(app, "sessions", privacy.export_personal_data, privacy.erase_personal_data)
