"""Accounts: organisations, people, sign-in, API tokens."""
from flask import Flask

from ..extensions import api
from .security import protect_from_csrf


def register(app: Flask) -> None:
    from . import admin_routes, invite_routes, privacy_routes, routes

    app.before_request(protect_from_csrf)
    for module in (routes, invite_routes, admin_routes, privacy_routes):
        api.register_blueprint(module.blp)
