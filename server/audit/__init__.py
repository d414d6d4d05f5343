"""The audit trail: what admins and managers did to people, teams, invitations and settings."""

from flask import Flask

from ..extensions import api
from ..privacy import register_personal_data
from . import service
from .routes import blp


def register(app: Flask) -> None:
    api.register_blueprint(blp)
    register_personal_data(app, "audit", service.export_personal_data, service.erase_personal_data)
