"""Learning Hour: the Flask app factory."""
from flask import Flask

from .config import load_config


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True, static_folder=None)
    app.config.from_mapping(load_config(app.instance_path, config))

    from . import accounts, bank, cli, database, errors, http, i18n, log, reminders, sessions, teams, web
    from .extensions import api, limiter, login_manager

    http.register(app)
    database.register(app)
    login_manager.init_app(app)
    limiter.init_app(app)
    api.init_app(app)
    i18n.register(app)
    accounts.register(app)
    teams.register(app)
    log.register(app)
    bank.register(app)
    reminders.register(app)
    sessions.register(app)
    errors.register(app)
    web.register(app)
    cli.register(app)
    return app
