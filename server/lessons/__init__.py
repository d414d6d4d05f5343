"""Lessons learned: successes and failures shared with the organisation, searchable, optionally anonymous."""

from flask import Flask

from ..extensions import api
from ..privacy import register_personal_data
from . import service
from .routes import blp


def register(app: Flask) -> None:
    api.register_blueprint(blp)
    register_personal_data(app, "lessons", service.export_personal_data, service.erase_personal_data)
