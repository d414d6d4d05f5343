"""Teams: membership, managers and invitations."""

from flask import Flask

from ..extensions import api
from . import invite_routes, routes, service


def register(app: Flask) -> None:
    api.register_blueprint(routes.blp)
    api.register_blueprint(invite_routes.blp)
    service.register_with_accounts(app)
