"""Sign-in that holds: sessions end on the server, tokens cannot outlive what they should, and
guessing is throttled without letting a stranger lock the owner out."""

from server.accounts.models import ApiToken, LoginSession
from server.extensions import db
from server.teams.models import Invite
from tests.support import PASSWORD, ApiClient


def _cookie(api: ApiClient) -> str:
    return api.client.get_cookie("session").value


def test_a_cookie_saved_before_sign_out_no_longer_works(login, org, app):
    api = login(org.erik)
    saved = _cookie(api)
    assert api.post("/api/v1/auth/logout").status_code == 204
    replay = app.test_client()
    replay.set_cookie("session", saved)
    assert replay.get("/api/v1/auth/session").status_code == 401
    assert db.session.scalar(db.select(db.func.count()).select_from(LoginSession)) == 0


def test_sign_in_makes_a_new_session_and_csrf_token(app, org):
    client = app.test_client()
    before = client.get("/session.json")  # a visitor's session, before anyone signs in
    first = client.post("/api/v1/auth/login", json={"email": org.erik.email, "password": PASSWORD}).get_json()
    erik_cookie = client.get_cookie("session").value
    second = client.post("/api/v1/auth/login", json={"email": org.sara.email, "password": PASSWORD}).get_json()
    assert before.status_code == 200 and first["csrf_token"] != second["csrf_token"]
    assert client.get_cookie("session").value != erik_cookie
    assert client.get("/api/v1/me").get_json()["email"] == org.sara.email
    # Erik's sign-in on this browser is gone with the new one; his old cookie still names it only until
    # he signs out, and Sara's CSRF token is not Erik's.
    stale = ApiClient(app.test_client(), csrf_token=first["csrf_token"])
    stale.client.set_cookie("session", client.get_cookie("session").value)
    assert stale.patch("/api/v1/me", json={"name": "Hijack"}).status_code == 403


def test_a_password_change_ends_other_sign_ins_and_every_token(login, org, app):
    phone, laptop = login(org.erik), login(org.erik)
    token = phone.post("/api/v1/auth/tokens", json={"name": "shortcut"}).get_json()["token"]
    changed = phone.patch("/api/v1/me", json={"password": "a-new-long-password", "current_password": PASSWORD})
    assert changed.status_code == 200
    assert phone.get("/api/v1/me").status_code == 200  # the browser that changed it stays signed in
    assert laptop.get("/api/v1/me").status_code == 401
    assert ApiClient(app.test_client(), bearer=token).get("/api/v1/me").status_code == 401


def test_a_token_cannot_mint_tokens(login, org, app):
    token = login(org.erik).post("/api/v1/auth/tokens", json={"name": "shortcut"}).get_json()["token"]
    bearer = ApiClient(app.test_client(), bearer=token)
    assert bearer.post("/api/v1/auth/tokens", json={"name": "successor"}).status_code == 403
    assert bearer.get("/api/v1/me").status_code == 200


def test_reactivation_does_not_revive_old_tokens(login, org, app):
    token = login(org.erik).post("/api/v1/auth/tokens", json={"name": "shortcut"}).get_json()["token"]
    admin = login(org.admin)
    assert admin.patch(f"/api/v1/admin/users/{org.erik.id}", json={"active": False}).status_code == 200
    assert admin.patch(f"/api/v1/admin/users/{org.erik.id}", json={"active": True}).status_code == 200
    assert ApiClient(app.test_client(), bearer=token).get("/api/v1/me").status_code == 401
    db.session.expire_all()
    assert all(t.revoked_at is not None for t in db.session.scalars(db.select(ApiToken)))


def test_guessing_the_current_password_is_limited(login, org):
    api = login(org.erik)
    for _ in range(5):
        wrong = api.patch("/api/v1/me", json={"password": "a-new-long-password", "current_password": "guess"})
        assert wrong.status_code == 422
    limited = api.patch("/api/v1/me", json={"password": "a-new-long-password", "current_password": PASSWORD})
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) > 0
    assert api.delete("/api/v1/me", json={"password": "guess"}).status_code == 429
    assert api.patch("/api/v1/me", json={"name": "Still me"}).status_code == 429  # the limit is per person
    assert api.get("/api/v1/me").status_code == 200


def _attempt(app, email: str, password: str, address: str, cookies=None):
    client = app.test_client()
    for name, value in (cookies or {}).items():
        client.set_cookie(name, value, path="/api/v1/auth/")
    response = client.post(
        "/api/v1/auth/login", json={"email": email, "password": password}, environ_base={"REMOTE_ADDR": address}
    )
    return response, client


def test_a_stranger_cannot_lock_the_owner_out(app, org):
    # The owner signed in on their phone before: it carries a known-device cookie.
    first, phone = _attempt(app, org.erik.email, PASSWORD, "10.1.0.1")
    assert first.status_code == 200
    device = {"lh_device": phone.get_cookie("lh_device", path="/api/v1/auth/").value}
    # A distributed guesser: many addresses, five wrong passwords each, until the account is guarded.
    statuses = [_attempt(app, org.erik.email, f"guess-{n}", f"10.2.{n // 5}.{n % 5}")[0].status_code for n in range(40)]
    assert statuses[:30] == [401] * 30 and set(statuses[30:]) == {429}
    # A fresh address without the cookie is held back too...
    assert _attempt(app, org.erik.email, PASSWORD, "10.3.0.1")[0].status_code == 429
    # ...but the owner's phone, from any network, still signs in with the right password.
    assert _attempt(app, org.erik.email, PASSWORD, "10.4.0.1", device)[0].status_code == 200
    # Another person is not affected at all.
    assert _attempt(app, org.sara.email, PASSWORD, "10.2.0.1")[0].status_code == 200


def test_a_failing_client_is_slowed_but_a_clean_one_signs_in(app, org):
    for _ in range(5):
        assert _attempt(app, org.erik.email, "wrong", "10.9.9.9")[0].status_code == 401
    assert _attempt(app, org.erik.email, PASSWORD, "10.9.9.9")[0].status_code == 429
    assert _attempt(app, org.erik.email, PASSWORD, "10.8.8.8")[0].status_code == 200


def test_deleting_an_account_leaves_no_copy_of_the_address(login, org):
    admin = login(org.admin)
    admin.post(f"/api/v1/teams/{org.product.id}/invites", json={"email": "nils@acme.example"})
    invite = admin.post("/api/v1/invites", json={"email": "nina@acme.example"}).get_json()
    newcomer = ApiClient(login(org.erik).client.application.test_client())
    joined = newcomer.post(
        f"/api/v1/invites/{invite['token']}/accept",
        json={"name": "Nina", "email": "nina@acme.example", "password": "a-long-password"},
    )
    newcomer.csrf_token = joined.get_json()["csrf_token"]
    assert newcomer.delete("/api/v1/me", json={"password": "a-long-password"}).status_code == 204
    db.session.expire_all()
    addresses = [i.email for i in db.session.scalars(db.select(Invite))]
    assert addresses == ["nils@acme.example", None]
    assert db.session.scalar(db.select(db.func.count()).select_from(LoginSession)) == 2  # erik's and the admin's
