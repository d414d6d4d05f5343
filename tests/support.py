"""Test helpers shared by every feature's tests."""

import contextvars

from flask.testing import FlaskClient

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
