"""Knowledge sessions (RSVP, attendance, calendar feed) and lessons learned."""
from flask import Flask

from ..extensions import api


def register(app: Flask) -> None:
    from .routes import blp

    api.register_blueprint(blp)
