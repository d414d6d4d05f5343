"""The OpenAPI document tells clients how to authenticate: a bearer token, or the session cookie
plus the `X-CSRF-Token` header on writes. (`/api/docs` shows an Authorize button from this.)"""

from apispec import BasePlugin

SECURITY_SCHEMES = {
    "token": {"type": "http", "scheme": "bearer", "description": "A personal API token (Settings → API tokens)."},
    "session": {
        "type": "apiKey",
        "in": "cookie",
        "name": "session",
        "description": "The session cookie set by POST /api/v1/auth/login.",
    },
    "csrf": {
        "type": "apiKey",
        "in": "header",
        "name": "X-CSRF-Token",
        "description": "The `csrf_token` from sign-in or GET /api/v1/auth/session; "
        "needed with the cookie on POST, PUT, PATCH and DELETE.",
    },
}
READ = [{"token": []}, {"session": []}]
WRITE = [{"token": []}, {"session": [], "csrf": []}]
UNSAFE = {"post", "put", "patch", "delete"}


class SecurityPlugin(BasePlugin):
    """Every operation needs a caller unless its view says `@blp.doc(security=[])` (public)."""

    def operation_helper(self, path=None, operations=None, **kwargs):
        for method, operation in (operations or {}).items():
            if isinstance(operation, dict) and "security" not in operation:
                operation["security"] = WRITE if method in UNSAFE else READ


def spec_options() -> dict:
    return {"components": {"securitySchemes": SECURITY_SCHEMES}}
