"""An app with sign-in through the company account set up against the provider on loopback, beside
the suite's own app (same database), and one whose provider is down."""

import pytest

from server import create_app
from server.extensions import db
from tests.sso.provider import CLIENT_ID, CLIENT_SECRET, closed_port, running_provider
from tests.support import IsolatedClient


@pytest.fixture(scope="session")
def provider():
    with running_provider() as running:
        yield running


def _sso_app(app_config, issuer: str, **extra):
    made = create_app(
        app_config
        | {
            "OIDC_ISSUER": issuer,
            "OIDC_CLIENT_ID": CLIENT_ID,
            "OIDC_CLIENT_SECRET": CLIENT_SECRET,
            "OIDC_BUTTON_LABEL": "Microsoft",
            "OIDC_ALLOWED_DOMAINS": ("acme.example",),
            "OIDC_TIMEOUT_SECONDS": 2,
        }
        | extra
    )
    made.test_client_class = IsolatedClient
    return made


def _closed_after(made):
    """The app until the session ends, then its connections closed (as the suite's own app does):
    one left open is reported by the garbage collector as an unraisable ResourceWarning."""
    yield made
    with made.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="session")
def sso_app(app, app_config, provider):
    """Depends on `app`: that one made the schema, and each test's clean-up empties it."""
    yield from _closed_after(_sso_app(app_config, provider.url))


@pytest.fixture(scope="session")
def down_app(app, app_config):
    yield from _closed_after(_sso_app(app_config, f"http://127.0.0.1:{closed_port()}"))


@pytest.fixture
def browser_client(sso_app):
    return sso_app.test_client()
