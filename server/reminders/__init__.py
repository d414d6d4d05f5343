"""Reminders by Web Push and e-mail: subscriptions, preferences, due-reminder selection, the
digest and session notices; sent through `server.push` and `server.mail`."""

from flask import Flask

from ..accounts import service as accounts
from ..extensions import api
from ..privacy import register_personal_data
from . import pages, service
from .cli import reminders_cli
from .routes import blp


def register(app: Flask) -> None:
    api.register_blueprint(blp)
    app.register_blueprint(pages.blp)
    app.cli.add_command(reminders_cli)
    accounts.register_access_end(app, service.end_subscriptions)
    register_personal_data(app, "reminders", service.export_personal_data, service.erase_personal_data)
