"""Sign-in with the company account: OpenID Connect with the organisation's provider."""

from flask import Flask

from ..accounts import service as accounts
from ..extensions import api
from ..privacy import register_personal_data
from . import link_routes, links, routes, service


def register(app: Flask) -> None:
    app.register_blueprint(routes.blp)
    api.register_blueprint(link_routes.blp)
    accounts.register_single_sign_on(app, service.describe)
    if app.config.get("OIDC_ISSUER") and app.config.get("OIDC_CLIENT_ID"):  # no link to show without it
        accounts.register_profile_part(app, links.profile_part)
    accounts.signed_in_with_password.connect(links.confirm_with_password, weak=False)
    register_personal_data(app, "company_account", service.export_personal_data, service.erase_personal_data)
