"""Accounts: organisations, people, sign-in, API tokens."""
from flask import Flask

from ..extensions import api
from . import admin_routes, reset_routes, routes, security  # noqa: F401  (security registers Flask-Login's loaders)


def register(app: Flask) -> None:
    for module in (routes, admin_routes, reset_routes):
        api.register_blueprint(module.blp)
    app.register_blueprint(routes.start_blp)
