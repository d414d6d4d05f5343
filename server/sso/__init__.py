"""Sign-in with the company account: OpenID Connect with the organisation's provider."""

from flask import Flask

from ..accounts import service as accounts
from ..privacy import register_personal_data
from . import routes, service


def register(app: Flask) -> None:
    app.register_blueprint(routes.blp)
    accounts.register_single_sign_on(app, service.describe)
    register_personal_data(app, "company_account", service.export_personal_data, service.erase_personal_data)
