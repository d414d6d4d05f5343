"""Accounts: organisations, people, sign-in, API tokens."""

from flask import Flask

from ..auth import register_login_store
from ..extensions import api
from . import admin_routes, logins, reset_routes, routes


def register(app: Flask) -> None:
    register_login_store(app, logins)  # logins also registers Flask-Login's loaders
    for module in (routes, admin_routes, reset_routes):
        api.register_blueprint(module.blp)
    app.register_blueprint(routes.start_blp)
