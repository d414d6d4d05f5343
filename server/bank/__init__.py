"""The shared resource bank."""

from flask import Flask

from ..extensions import api
from ..privacy import register_personal_data
from . import privacy
from .routes import blp
from .share import blp as share_target


def register(app: Flask) -> None:
    api.register_blueprint(blp)
    app.register_blueprint(share_target)
    register_personal_data(app, "bank", privacy.export_personal_data, privacy.erase_personal_data)
