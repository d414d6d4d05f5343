"""Learning Hour: the Flask app factory."""

from flask import Flask

from . import (
    accounts,
    audit,
    auth,
    bank,
    calendar,
    channels,
    cli,
    database,
    errors,
    http,
    i18n,
    lessons,
    log,
    mail,
    mentoring,
    metrics,
    outbox,
    reminders,
    scim,
    sessions,
    sso,
    teams,
    totals,
    web,
)
from .config import load_config
from .extensions import api, limiter, login_manager
from .openapi import SecurityPlugin


class LearningHour(Flask):
    def ensure_sync(self, func):
        # Every view and hook here is synchronous: Flask's check for a coroutine on each of the
        # dozen-odd calls of a request is spared.
        return func


def create_app(config: dict | None = None) -> Flask:
    app = LearningHour(__name__, instance_relative_config=True, static_folder=None)
    app.config.from_mapping(load_config(app.instance_path, config))

    http.register(app)
    metrics.register(app)
    database.register(app)
    outbox.register(app)
    login_manager.init_app(app)
    limiter.init_app(app)
    api.init_app(app, spec_kwargs={"extra_plugins": [SecurityPlugin()]})
    i18n.register(app)
    auth.register(app)
    mail.register(app)  # the core's e-mail, before the features that send it
    # Features, from the bottom of the graph up: each uses only those registered before it.
    features = (
        audit,
        accounts,
        teams,
        sso,
        scim,
        bank,
        log,
        sessions,
        calendar,
        lessons,
        mentoring,
        reminders,
        channels,
        totals,
    )
    for feature in features:
        feature.register(app)
    errors.register(app)
    web.register(app)
    cli.register(app)
    return app
