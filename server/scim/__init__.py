"""Provisioning from the company directory: a SCIM 2.0 service (`/scim/v2`) over accounts' and
teams' services, and the admin's provisioning tokens (`/api/v1/organisation/scim-tokens`)."""

from flask import Flask

from ..extensions import api
from . import protocol_routes, routes


def register(app: Flask) -> None:
    api.register_blueprint(routes.blp)
    app.register_blueprint(protocol_routes.blp)
