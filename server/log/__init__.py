"""Entries, weeks, streaks, away weeks and offline sync."""
from flask import Flask

from ..extensions import api


def register(app: Flask) -> None:
    from .routes import blp

    api.register_blueprint(blp)
