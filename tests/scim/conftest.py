"""A company directory with a provisioning token of Acme AB (the `org` fixture's organisation),
talking SCIM to the app as Entra ID and Okta do."""

from json import dumps

import pytest

from server.extensions import db
from server.scim import service as scim

SCIM_JSON = "application/scim+json"
USER = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"


class Directory:
    """A SCIM client over the test client: bearer token, SCIM JSON, paths under /scim/v2."""

    def __init__(self, client, token: str):
        self.client, self.token = client, token

    def open(self, method: str, path: str, json=None, token: str | None = None, headers: dict | None = None):
        sent = {"Authorization": f"Bearer {token or self.token}"} | (headers or {})
        kwargs = {"headers": sent}
        if json is not None:
            kwargs |= {"data": dumps(json), "content_type": SCIM_JSON}
        return self.client.open("/scim/v2" + path, method=method, **kwargs)

    def get(self, path, **kw):
        return self.open("GET", path, **kw)

    def post(self, path, json, **kw):
        return self.open("POST", path, json, **kw)

    def put(self, path, json, **kw):
        return self.open("PUT", path, json, **kw)

    def patch(self, path, operations, **kw):
        return self.open("PATCH", path, {"schemas": [PATCH_OP], "Operations": operations}, **kw)

    def delete(self, path, **kw):
        return self.open("DELETE", path, **kw)


def make_token(admin, name: str = "Entra ID") -> str:
    _token, plain = scim.issue_token(admin, name)
    db.session.commit()
    return plain


@pytest.fixture
def directory(app, org):
    return Directory(app.test_client(), make_token(org.admin))


def scim_error(response, status: int, scim_type: str | None = None) -> dict:
    """The answer is a SCIM error document with this status (and scimType)."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == SCIM_JSON
    body = response.get_json()
    assert body["schemas"] == [ERROR]
    assert body["status"] == str(status)
    assert body.get("scimType") == scim_type, body
    assert body["detail"]
    return body


def new_user(user_name: str, email: str | None = None, **extra) -> dict:
    return {
        "schemas": [USER],
        "userName": user_name,
        "emails": [{"value": email or user_name, "type": "work", "primary": True}],
        "active": True,
    } | extra
