"""Accounts: organisations, people, sign-in, API tokens."""

from flask import Flask

from ..auth import register_login_store
from ..extensions import api
from ..privacy import register_personal_data
from . import admin_routes, directory, logins, reset_routes, routes


def register(app: Flask) -> None:
    register_login_store(app, logins)  # logins also registers Flask-Login's loaders
    for module in (routes, admin_routes, reset_routes):
        api.register_blueprint(module.blp)
    app.register_blueprint(routes.start_blp)
    register_personal_data(
        app, "directory_identity", directory.export_directory_identity, directory.erase_directory_identity
    )
