"""Sign-in, sessions, CSRF and personal API tokens, through the HTTP API."""

from tests.support import PASSWORD, ApiClient


def test_login_returns_user_and_csrf_token_and_session_works(client, org):
    response = client.post("/api/v1/auth/login", json={"email": "ERIK@acme.example", "password": PASSWORD})
    assert response.status_code == 200
    body = response.get_json()
    assert body["user"]["email"] == "erik@acme.example" and body["csrf_token"]
    assert body["user"]["teams"] == [{"id": org.product.id, "name": "Product"}]
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    session = client.get("/api/v1/auth/session")
    assert session.status_code == 200 and session.get_json()["csrf_token"] == body["csrf_token"]


def test_wrong_password_and_unknown_email_answer_alike(client, org):
    wrong = client.post("/api/v1/auth/login", json={"email": "erik@acme.example", "password": "nope"})
    unknown = client.post("/api/v1/auth/login", json={"email": "nobody@acme.example", "password": "nope"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.get_json() == unknown.get_json()


def test_login_validates_its_body(client):
    response = client.post("/api/v1/auth/login", json={"email": "x@y.z"})
    assert response.status_code == 422
    assert "password" in response.get_json()["errors"]["json"]


def test_session_requires_login(client):
    assert client.get("/api/v1/auth/session").status_code == 401
    assert client.get("/api/v1/me").status_code == 401


def test_remember_me_sets_a_30_day_cookie(client, org):
    response = client.post(
        "/api/v1/auth/login", json={"email": "erik@acme.example", "password": PASSWORD, "remember": True}
    )
    remember = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("remember_token=")]
    assert remember and "HttpOnly" in remember[0]
    assert "Max-Age=2592000" in remember[0] or "Expires=" in remember[0]


def test_logout_ends_the_session(login, org):
    api = login(org.erik)
    assert api.post("/api/v1/auth/logout").status_code == 204
    assert api.get("/api/v1/auth/session").status_code == 401


def test_cookie_write_without_csrf_header_is_refused(login, org):
    api = login(org.erik)
    response = api.client.patch("/api/v1/me", json={"name": "Erik J"})
    assert response.status_code == 403
    wrong = api.client.patch("/api/v1/me", json={"name": "Erik J"}, headers={"X-CSRF-Token": "guess"})
    assert wrong.status_code == 403
    assert api.patch("/api/v1/me", json={"name": "Erik J"}).get_json()["name"] == "Erik J"


def test_login_is_rate_limited_per_account_with_retry_after(client, org):
    for _ in range(5):
        assert (
            client.post("/api/v1/auth/login", json={"email": "erik@acme.example", "password": "bad"}).status_code == 401
        )
    limited = client.post("/api/v1/auth/login", json={"email": "erik@acme.example", "password": PASSWORD})
    assert limited.status_code == 429
    assert int(limited.headers["Retry-After"]) > 0
    assert limited.is_json
    # another account from the same address is not locked out by Erik's failures
    assert (
        client.post("/api/v1/auth/login", json={"email": "sara@acme.example", "password": PASSWORD}).status_code == 200
    )


def test_deactivated_user_cannot_log_in_and_loses_the_session(login, org, client):
    from server.extensions import db

    api = login(org.erik)
    org.erik.active = False
    db.session.commit()
    assert api.get("/api/v1/me").status_code == 401
    assert (
        client.post("/api/v1/auth/login", json={"email": "erik@acme.example", "password": PASSWORD}).status_code == 401
    )


def test_api_token_authenticates_without_csrf_and_can_be_revoked(login, org, app):
    api = login(org.erik)
    created = api.post("/api/v1/auth/tokens", json={"name": "Shortcut"})
    assert created.status_code == 201
    token = created.get_json()["token"]
    bearer = ApiClient(app.test_client(), bearer=token)
    assert bearer.get("/api/v1/me").get_json()["email"] == "erik@acme.example"
    assert (
        bearer.client.patch(
            "/api/v1/me", json={"name": "Via token"}, headers={"Authorization": f"Bearer {token}"}
        ).status_code
        == 200
    )
    listed = api.get("/api/v1/auth/tokens").get_json()
    assert listed[0]["name"] == "Shortcut" and listed[0]["last_used_at"] is not None
    assert "token" not in listed[0]
    assert api.delete(f"/api/v1/auth/tokens/{listed[0]['id']}").status_code == 204
    assert bearer.get("/api/v1/me").status_code == 401


def test_token_of_another_user_cannot_be_revoked(login, org):
    token_id = login(org.erik).post("/api/v1/auth/tokens", json={"name": "mine"}).get_json()["id"]
    assert login(org.sara).delete(f"/api/v1/auth/tokens/{token_id}").status_code == 404


def test_profile_update_validates_fields(login, org):
    api = login(org.erik)
    bad = api.patch("/api/v1/me", json={"locale": "de", "timezone": "Mars/Base"})
    assert bad.status_code == 422 and "locale" in bad.get_json()["errors"]["json"]
    bad_tz = api.patch("/api/v1/me", json={"timezone": "Mars/Base"})
    assert bad_tz.status_code == 422 and "timezone" in bad_tz.get_json()["errors"]["json"]
    ok = api.patch("/api/v1/me", json={"locale": "sv", "timezone": "Europe/Oslo", "weekly_goal_minutes": 90})
    assert ok.status_code == 200
    assert ok.get_json()["locale"] == "sv" and ok.get_json()["effective_goal_minutes"] == 90


def test_password_change_needs_the_current_password_and_ends_other_sessions(login, org):
    phone, laptop = login(org.erik), login(org.erik)
    refused = phone.patch("/api/v1/me", json={"password": "a-new-long-password", "current_password": "x"})
    assert refused.status_code == 422 and "current_password" in refused.get_json()["errors"]["json"]
    changed = phone.patch("/api/v1/me", json={"password": "a-new-long-password", "current_password": PASSWORD})
    assert changed.status_code == 200
    assert laptop.get("/api/v1/me").status_code == 401
