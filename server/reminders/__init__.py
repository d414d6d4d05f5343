"""Web Push reminders: subscriptions, preferences, due-reminder selection; sent through `server.push`."""

from flask import Flask

from ..accounts import service as accounts
from ..extensions import api
from ..privacy import register_personal_data
from . import service
from .cli import reminders_cli
from .routes import blp


def register(app: Flask) -> None:
    api.register_blueprint(blp)
    app.cli.add_command(reminders_cli)
    accounts.register_access_end(app, service.end_subscriptions)
    register_personal_data(app, "reminders", service.export_personal_data, service.erase_personal_data)
