"""Mentoring and job shadowing: offers and asks by topic, consent, pairings, meetings logged for both."""

from flask import Flask

from ..extensions import api
from ..privacy import register_personal_data
from . import service
from .routes import blp


def register(app: Flask) -> None:
    api.register_blueprint(blp)
    register_personal_data(app, "mentoring", service.export_personal_data, service.erase_personal_data)
