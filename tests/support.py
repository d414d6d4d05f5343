"""Test helpers shared by every feature's tests."""

import contextvars
from contextlib import contextmanager

import pytest
from flask.testing import FlaskClient
from flask_babel import force_locale

from server.errors import RuleError

PASSWORD = "correct horse battery"


class IsolatedClient(FlaskClient):
    """Runs each request in an empty context, so it gets its own app context, `g` and database
    session, as on a real server, even while the test itself holds an app context."""

    def open(self, *args, **kwargs):
        return contextvars.Context().run(super().open, *args, **kwargs)


class ApiClient:
    """A signed-in test client that sends X-CSRF-Token on writes, as the PWA does."""

    def __init__(self, client: FlaskClient, csrf_token: str | None = None, bearer: str | None = None):
        self.client = client
        self.csrf_token = csrf_token
        self.bearer = bearer

    def _headers(self, method: str, headers: dict | None) -> dict:
        merged = dict(headers or {})
        if self.bearer:
            merged.setdefault("Authorization", f"Bearer {self.bearer}")
        elif self.csrf_token and method in {"POST", "PUT", "PATCH", "DELETE"}:
            merged.setdefault("X-CSRF-Token", self.csrf_token)
        return merged

    def open(self, method: str, path: str, **kwargs):
        kwargs["headers"] = self._headers(method, kwargs.get("headers"))
        return self.client.open(path, method=method, **kwargs)

    def get(self, path, **kw):
        return self.open("GET", path, **kw)

    def post(self, path, **kw):
        return self.open("POST", path, **kw)

    def put(self, path, **kw):
        return self.open("PUT", path, **kw)

    def patch(self, path, **kw):
        return self.open("PATCH", path, **kw)

    def delete(self, path, **kw):
        return self.open("DELETE", path, **kw)


@contextmanager
def refused(status: int, field: str | None = None, *, sv: str | None = None):
    """The block raises the rule error a service gives for a lookup or a rule: its status (404 absent,
    403 not allowed, …), the field it names, and (`sv`) its message in Swedish, for the person's language."""
    with pytest.raises(RuleError) as caught:
        yield caught
    error = caught.value
    assert error.status == status, (error.status, str(error.message))
    assert field is None or error.field == field, error.field
    if sv is not None:
        with force_locale("sv"):
            assert str(error.message) == sv, str(error.message)
