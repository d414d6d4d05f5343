"""Accounts: organisations, people, sign-in, API tokens."""
from flask import Flask

from ..extensions import api
from .security import protect_from_csrf


def register(app: Flask) -> None:
    from .routes import blp

    app.before_request(protect_from_csrf)
    api.register_blueprint(blp)
