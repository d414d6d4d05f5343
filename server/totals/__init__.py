"""Team and organisation totals: what managers and admins see of learning time, aggregate first."""

from flask import Flask

from ..extensions import api
from .routes import blp


def register(app: Flask) -> None:
    api.register_blueprint(blp)
