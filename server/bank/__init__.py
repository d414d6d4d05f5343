"""The shared resource bank."""
from flask import Flask

from ..extensions import api


def register(app: Flask) -> None:
    from .routes import blp

    api.register_blueprint(blp)
