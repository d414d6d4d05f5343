"""Provisioning tokens: made by an admin (shown once, only a hash kept, named, revocable, last use
shown), good for /scim/v2 of their own organisation only; personal API tokens and session cookies
do not work there; wrong or revoked tokens are a SCIM 401; requests are limited per token."""

from server.audit.models import AuditEvent
from server.extensions import db
from server.scim.models import ProvisioningToken
from tests.scim.conftest import Directory, make_token, new_user, scim_error
from tests.support import ApiClient


def test_an_admin_makes_lists_and_revokes_tokens(app, org, login):
    admin = login(org.admin)
    made = admin.post("/api/v1/organisation/scim-tokens", json={"name": "Entra ID"})
    assert made.status_code == 201
    body = made.get_json()
    assert body["name"] == "Entra ID" and body["token"].startswith(body["prefix"]) and body["last_used_at"] is None
    stored = db.session.get(ProvisioningToken, body["id"])
    assert body["token"] not in (stored.token_hash, stored.prefix) and len(stored.token_hash) == 64

    listed = admin.get("/api/v1/organisation/scim-tokens").get_json()
    assert [t["name"] for t in listed] == ["Entra ID"] and "token" not in listed[0]
    directory = Directory(app.test_client(), body["token"])
    assert directory.get("/Users?count=1").status_code == 200
    assert admin.get("/api/v1/organisation/scim-tokens").get_json()[0]["last_used_at"] is not None
    # The other organisation's admin sees none of Acme's tokens and cannot revoke them.
    other = login(org.outsider_admin)
    assert other.get("/api/v1/organisation/scim-tokens").get_json() == []
    assert other.delete(f"/api/v1/organisation/scim-tokens/{body['id']}").status_code == 404

    assert admin.delete(f"/api/v1/organisation/scim-tokens/{body['id']}").status_code == 204
    scim_error(directory.get("/Users"), 401)
    assert admin.get("/api/v1/organisation/scim-tokens").get_json() == []
    actions = [e.action for e in db.session.scalars(db.select(AuditEvent).order_by(AuditEvent.id))]
    assert actions[-2:] == ["directory.token_created", "directory.token_revoked"]


def test_only_a_signed_in_admin_makes_tokens(org, login, app):
    assert login(org.maja).post("/api/v1/organisation/scim-tokens", json={"name": "x"}).status_code == 403
    token = login(org.admin).post("/api/v1/auth/tokens", json={"name": "script"}).get_json()["token"]
    by_script = ApiClient(app.test_client(), bearer=token)
    assert by_script.post("/api/v1/organisation/scim-tokens", json={"name": "x"}).status_code == 403
    bad = login(org.admin).post("/api/v1/organisation/scim-tokens", json={"name": ""})
    assert bad.status_code == 422 and "name" in bad.get_json()["errors"]["json"]


def test_only_a_provisioning_token_of_the_organisation_gets_in(app, org, login, directory):
    personal = login(org.admin).post("/api/v1/auth/tokens", json={"name": "script"}).get_json()["token"]
    for token in (personal, "lhscim_not-a-real-token", "x"):
        body = scim_error(directory.get("/Users", token=token), 401)
        assert "Bearer" in body["detail"]
    signed_in = login(org.admin)
    assert signed_in.get("/scim/v2/Users").status_code == 401  # a session cookie counts for nothing here
    no_header = app.test_client().get("/scim/v2/Users")
    assert no_header.status_code == 401 and no_header.headers["WWW-Authenticate"].lower().startswith("bearer")
    # Other Oy's directory sees and touches only Other Oy.
    other = Directory(app.test_client(), make_token(org.outsider_admin, "Okta"))
    seen = other.get("/Users").get_json()
    assert {r["userName"] for r in seen["Resources"]} == {"boss@other.example", "olle@other.example"}
    scim_error(other.get(f"/Users/{org.erik.id}"), 404)
    scim_error(other.patch(f"/Users/{org.erik.id}", [{"op": "replace", "value": {"active": False}}]), 404)
    scim_error(other.delete(f"/Groups/{org.product.id}"), 404)
    assert {g["displayName"] for g in other.get("/Groups").get_json()["Resources"]} == {"Product"}
    db.session.refresh(org.erik)
    assert org.erik.active


def test_requests_are_limited_per_token(app, org, directory, monkeypatch):
    monkeypatch.setitem(app.config, "SCIM_LIMIT_PER_TOKEN", "3/minute")
    for _ in range(3):
        assert directory.get("/Users?count=1").status_code == 200
    limited = scim_error(directory.get("/Users?count=1"), 429)
    assert limited["detail"]
    # Another token (another directory) is not held back by the first one's traffic.
    assert Directory(app.test_client(), make_token(org.admin, "Okta")).get("/Users?count=1").status_code == 200


def test_wrong_tokens_are_limited_per_client(app, directory, monkeypatch):
    monkeypatch.setitem(app.config, "SCIM_FAILED_LIMIT_PER_CLIENT", "2/minute")
    for _ in range(2):
        scim_error(directory.get("/Users", token="lhscim_guess"), 401)
    scim_error(directory.get("/Users", token="lhscim_guess"), 429)
    scim_error(directory.post("/Users", new_user("a@acme.example")), 429)
