"""One-time password reset links: made by admins, stored only as a hash, expiring, used once, and
ending every session and API token of the person."""

import hashlib
from datetime import timedelta

from server.accounts.models import ApiToken, PasswordReset
from server.clock import utcnow
from server.extensions import db
from tests.support import PASSWORD, ApiClient

NEW_PASSWORD = "a-brand-new-password"


def _issue(login, org, who=None):
    response = login(org.admin).post(f"/api/v1/admin/users/{(who or org.erik).id}/reset-link")
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_only_a_hash_is_stored_and_the_link_names_the_person(login, org, app):
    body = _issue(login, org)
    assert body["url"] == f"http://localhost/reset/{body['token']}"
    assert body["user"] == {"id": org.erik.id, "name": "Erik"}
    stored = db.session.scalar(db.select(PasswordReset))
    assert stored.token_hash == hashlib.sha256(body["token"].encode()).hexdigest()
    assert body["token"] not in stored.token_hash
    info = app.test_client().get(f"/api/v1/password-resets/{body['token']}")
    assert info.status_code == 200 and info.get_json()["email"] == "erik@acme.example"


def test_setting_the_password_ends_sessions_and_tokens_and_works_once(login, org, app):
    old_session = login(org.erik)
    token = old_session.post("/api/v1/auth/tokens", json={"name": "Shortcut"}).get_json()["token"]
    link = _issue(login, org)["token"]
    anonymous = app.test_client()
    assert anonymous.post(f"/api/v1/password-resets/{link}", json={"password": NEW_PASSWORD}).status_code == 204
    assert old_session.get("/api/v1/me").status_code == 401
    assert ApiClient(app.test_client(), bearer=token).get("/api/v1/me").status_code == 401
    assert db.session.scalar(db.select(ApiToken.revoked_at)) is not None
    assert anonymous.post("/api/v1/auth/login", json={"email": org.erik.email, "password": PASSWORD}).status_code == 401
    assert login(org.erik, NEW_PASSWORD).get("/api/v1/me").status_code == 200
    again = anonymous.post(f"/api/v1/password-resets/{link}", json={"password": "yet-another-password"})
    assert again.status_code == 410
    assert anonymous.get(f"/api/v1/password-resets/{link}").status_code == 410


def test_an_expired_link_is_gone(login, org, app):
    link = _issue(login, org)["token"]
    db.session.scalar(db.select(PasswordReset)).expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    response = app.test_client().post(f"/api/v1/password-resets/{link}", json={"password": NEW_PASSWORD})
    assert response.status_code == 410 and "expired" in response.get_json()["message"]
    assert login(org.erik).get("/api/v1/me").status_code == 200  # the old password still works


def test_a_new_link_withdraws_the_older_one(login, org, app):
    first = _issue(login, org)["token"]
    second = _issue(login, org)["token"]
    client = app.test_client()
    assert client.post(f"/api/v1/password-resets/{first}", json={"password": NEW_PASSWORD}).status_code == 410
    assert client.post(f"/api/v1/password-resets/{second}", json={"password": NEW_PASSWORD}).status_code == 204


def test_unknown_short_and_deactivated(login, org, app):
    client = app.test_client()
    assert client.get("/api/v1/password-resets/nope").status_code == 404
    link = _issue(login, org)["token"]
    short = client.post(f"/api/v1/password-resets/{link}", json={"password": "short"})
    assert short.status_code == 422 and "password" in short.get_json()["errors"]["json"]
    admin = login(org.admin)
    assert admin.patch(f"/api/v1/admin/users/{org.erik.id}", json={"active": False}).status_code == 200
    assert client.get(f"/api/v1/password-resets/{link}").status_code == 404
    assert admin.post(f"/api/v1/admin/users/{org.erik.id}/reset-link").status_code == 409
    assert admin.post(f"/api/v1/admin/users/{org.outsider.id}/reset-link").status_code == 404
    assert login(org.maja).post(f"/api/v1/admin/users/{org.erik.id}/reset-link").status_code == 403
