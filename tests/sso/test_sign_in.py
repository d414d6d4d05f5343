"""Sign-in with the company account against a real OpenID Connect provider on loopback: the
authorization code flow with PKCE, state and nonce; accounts made just in time; every refusal a
redirect to the sign-in screen with a code it explains, never a 500."""

import time

import pytest

from server import create_app
from server.accounts.models import User
from server.audit.models import AuditEvent
from server.extensions import db
from server.sso.models import SsoIdentity
from tests.sso.provider import CLIENT_ID, choose, local, query, set_person, through_provider
from tests.support import PASSWORD


def _person(provider, sub, email, *, verified=True, name="Kim Berg"):
    set_person(provider, sub, email=email, email_verified=verified, name=name)


def _users() -> int:
    return db.session.scalar(db.select(db.func.count(User.id)))


def _session_of(client):
    return client.get("/api/v1/auth/session")


def test_the_authorization_request_carries_pkce_state_and_nonce(browser_client, provider, org):
    started = browser_client.get("/auth/oidc/login")
    sent = query(started.headers["Location"])
    assert sent["response_type"] == "code" and sent["client_id"] == CLIENT_ID
    assert sent["scope"] == "openid email profile"
    assert sent["code_challenge_method"] == "S256" and len(sent["code_challenge"]) == 43
    assert len(sent["state"]) >= 32 and len(sent["nonce"]) >= 32 and sent["state"] != sent["nonce"]
    assert sent["redirect_uri"] == "http://localhost/auth/oidc/callback"


def test_first_sign_in_makes_an_employee_and_signs_in_like_a_password(browser_client, provider, org):
    _person(provider, "kim-1", "Kim@Acme.example", name="Kim Berg")
    before = _users()
    answer = through_provider(browser_client, provider, "kim-1")
    assert answer.status_code == 302 and answer.headers["Location"] == "/"
    assert _users() == before + 1
    kim = db.session.scalar(db.select(User).where(User.email == "kim@acme.example"))
    assert (kim.name, kim.role, kim.organisation_id, kim.password_hash) == (
        "Kim Berg",
        "employee",
        org.admin.organisation_id,
        None,
    )
    session = _session_of(browser_client)
    assert session.status_code == 200
    assert session.get_json()["user"]["email"] == "kim@acme.example" and session.get_json()["csrf_token"]
    # The same CSRF rule as after a password sign-in: writes need the token.
    assert browser_client.patch("/api/v1/me", json={"name": "Kim B"}).status_code == 403
    assert (
        browser_client.patch(
            "/api/v1/me", json={"name": "Kim B"}, headers={"X-CSRF-Token": session.get_json()["csrf_token"]}
        ).status_code
        == 200
    )
    actions = list(
        db.session.scalars(db.select(AuditEvent.action).where(AuditEvent.actor_id == kim.id).order_by(AuditEvent.id))
    )
    assert actions == ["person.joined_with_sso", "person.signed_in_with_sso"]


def test_the_second_sign_in_finds_the_account_by_sub_even_with_a_new_address(sso_app, provider, org):
    _person(provider, "kim-2", "kim@acme.example")
    assert through_provider(sso_app.test_client(), provider, "kim-2").headers["Location"] == "/"
    first = db.session.scalar(db.select(User.id).where(User.email == "kim@acme.example"))
    _person(provider, "kim-2", "kim.berg@acme.example")  # renamed at the provider
    again = sso_app.test_client()
    assert through_provider(again, provider, "kim-2").headers["Location"] == "/"
    assert _session_of(again).get_json()["user"]["id"] == first
    assert db.session.scalar(db.select(db.func.count(SsoIdentity.id))) == 1
    assert db.session.scalar(db.select(SsoIdentity.email)) == "kim.berg@acme.example"


def _proved_with_password(sso_app, provider, sub: str, user):
    """The company sign-in finds `user`'s account (it has a password): the link waits; signing in
    once with the password in the same browser confirms it."""
    client = sso_app.test_client()
    assert through_provider(client, provider, sub).headers["Location"] == "/login?sso_error=confirm"
    assert _session_of(client).status_code == 401
    assert client.post("/api/v1/auth/login", json={"email": user.email, "password": PASSWORD}).status_code == 200
    return client


def test_an_existing_account_is_matched_on_its_verified_address_once(sso_app, provider, org):
    _person(provider, "erik-at-work", "erik@acme.example")
    _proved_with_password(sso_app, provider, "erik-at-work", org.erik)
    client = sso_app.test_client()
    assert through_provider(client, provider, "erik-at-work").headers["Location"] == "/"
    assert _session_of(client).get_json()["user"]["id"] == org.erik.id
    identity = db.session.scalar(db.select(SsoIdentity))
    assert (identity.user_id, identity.subject) == (org.erik.id, "erik-at-work")
    # Another provider account claiming Erik's address later does not get in as Erik.
    _person(provider, "someone-else", "erik@acme.example")
    refused = through_provider(sso_app.test_client(), provider, "someone-else")
    assert refused.headers["Location"] == "/login?sso_error=linked"


@pytest.mark.parametrize(
    ("email", "verified", "code"),
    [
        ("olle@elsewhere.example", True, "domain"),
        ("kim@acme.example", False, "unverified"),
    ],
)
def test_foreign_and_unverified_addresses_stay_out(sso_app, provider, org, email, verified, code):
    _person(provider, f"p-{code}", email, verified=verified)
    before = _users()
    client = sso_app.test_client()
    answer = through_provider(client, provider, f"p-{code}")
    assert answer.status_code == 302 and answer.headers["Location"] == f"/login?sso_error={code}"
    assert _users() == before and _session_of(client).status_code == 401


def test_a_deactivated_person_stays_out(sso_app, provider, org, login):
    _person(provider, "sara-sub", "sara@acme.example")
    _proved_with_password(sso_app, provider, "sara-sub", org.sara)
    assert through_provider(sso_app.test_client(), provider, "sara-sub").headers["Location"] == "/"
    assert login(org.admin).patch(f"/api/v1/admin/users/{org.sara.id}", json={"active": False}).status_code == 200
    client = sso_app.test_client()
    assert through_provider(client, provider, "sara-sub").headers["Location"] == "/login?sso_error=deactivated"
    assert _session_of(client).status_code == 401


def test_a_tampered_state_is_refused(sso_app, provider, org):
    _person(provider, "kim-3", "kim@acme.example")
    client = sso_app.test_client()
    back = choose(client.get("/auth/oidc/login").headers["Location"], "kim-3")
    tampered = local(back).replace("state=", "state=x")
    assert client.get(tampered).headers["Location"] == "/login?sso_error=state"
    assert _session_of(client).status_code == 401
    # The sign-in that was under way is spent too: the real answer no longer works.
    assert client.get(local(back)).headers["Location"] == "/login?sso_error=state"
    assert _users() == 8


def test_a_callback_without_a_sign_in_under_way_is_refused(browser_client, org):
    assert browser_client.get("/auth/oidc/callback?code=abc&state=abc").headers["Location"] == "/login?sso_error=state"


def test_a_replayed_code_is_refused(sso_app, provider, org):
    _person(provider, "kim-4", "kim@acme.example")
    client = sso_app.test_client()
    back = query(choose(client.get("/auth/oidc/login").headers["Location"], "kim-4"))
    assert client.get(f"/auth/oidc/callback?code={back['code']}&state={back['state']}").headers["Location"] == "/"
    # Someone replays the code in a sign-in of their own (a fresh, valid state): the provider says no.
    thief = sso_app.test_client()
    fresh = query(thief.get("/auth/oidc/login").headers["Location"])
    replayed = thief.get(f"/auth/oidc/callback?code={back['code']}&state={fresh['state']}")
    assert replayed.headers["Location"] == "/login?sso_error=expired"
    assert _session_of(thief).status_code == 401


def test_an_id_token_for_another_nonce_is_refused(sso_app, provider, org):
    _person(provider, "kim-5", "kim@acme.example")
    client = sso_app.test_client()
    back = choose(client.get("/auth/oidc/login").headers["Location"], "kim-5")
    with client.session_transaction() as session:
        session["sso_pending"] = session["sso_pending"] | {"nonce": "not-the-nonce-that-was-sent"}
    assert client.get(local(back)).headers["Location"] == "/login?sso_error=failed"
    assert _session_of(client).status_code == 401 and _users() == 8


def test_cancelling_at_the_provider_says_so(sso_app, provider, org):
    client = sso_app.test_client()
    state = query(client.get("/auth/oidc/login").headers["Location"])["state"]
    answer = client.get(f"/auth/oidc/callback?error=access_denied&state={state}")
    assert answer.headers["Location"] == "/login?sso_error=denied"


def test_a_provider_that_is_down_is_a_readable_error_in_seconds(down_app, org):
    client = down_app.test_client()
    started = time.monotonic()
    answer = client.get("/auth/oidc/login")
    assert answer.status_code == 302 and answer.headers["Location"] == "/login?sso_error=unavailable"
    assert time.monotonic() - started < 3


def test_a_token_endpoint_that_went_down_is_a_readable_error(sso_app, provider, org, monkeypatch):
    _person(provider, "kim-6", "kim@acme.example")
    client = sso_app.test_client()
    back = choose(client.get("/auth/oidc/login").headers["Location"], "kim-6")
    cached = sso_app.extensions["sso.cache"]["metadata:" + provider.url][1]
    monkeypatch.setitem(cached, "token_endpoint", "http://127.0.0.1:9/oauth2/token")
    assert client.get(local(back)).headers["Location"] == "/login?sso_error=unavailable"


def test_it_goes_back_only_to_paths_of_this_app(sso_app, provider, org):
    _person(provider, "kim-7", "kim@acme.example")
    for asked, landed in (
        ("/history", "/history"),
        ("//evil.example/x", "/"),
        ("https://evil.example", "/"),
        ("/\\evil.example", "/"),
    ):
        client = sso_app.test_client()
        answer = through_provider(client, provider, "kim-7", start=f"/auth/oidc/login?next={asked}")
        assert answer.headers["Location"] == landed, asked


def test_remember_me_is_honoured(sso_app, provider, org):
    _person(provider, "kim-8", "kim@acme.example")
    client = sso_app.test_client()
    answer = through_provider(client, provider, "kim-8", start="/auth/oidc/login?remember=1")
    assert "remember_token=" in " ".join(answer.headers.getlist("Set-Cookie"))
    plain = through_provider(sso_app.test_client(), provider, "kim-8")
    assert "remember_token=" not in " ".join(plain.headers.getlist("Set-Cookie"))


def test_without_settings_the_routes_say_so(client, org):
    assert client.get("/auth/oidc/login").headers["Location"] == "/login?sso_error=not_configured"
    assert client.get("/session.json").get_json()["sign_in"] == {"sso": None, "password": "everyone"}


def test_the_sign_in_screen_learns_the_button_and_the_password_rule(sso_app, org, login):
    screen = sso_app.test_client()
    assert screen.get("/session.json").get_json()["sign_in"] == {
        "sso": {"label": "Microsoft", "url": "/auth/oidc/login"},
        "password": "everyone",
    }
    admin = login(org.admin)
    admin.client = sso_app.test_client()
    admin.csrf_token = admin.post(
        "/api/v1/auth/login", json={"email": org.admin.email, "password": PASSWORD}
    ).get_json()["csrf_token"]
    assert admin.patch("/api/v1/organisation", json={"password_sign_in_admins_only": True}).status_code == 200
    assert screen.get("/session.json").get_json()["sign_in"]["password"] == "admins"


def test_the_browser_stops_stay_outside_the_openapi_document(client):
    """They answer redirects for a browser, not JSON: the fuzzer and API clients have nothing to call."""
    paths = client.get("/api/openapi.json").get_json()["paths"]
    assert "/api/v1/auth/login" in paths
    assert not [path for path in paths if "oidc" in path]


def test_a_new_account_speaks_the_providers_language_else_the_browsers(sso_app, provider, org):
    cases = (
        ("lang-claim", {"locale": "sv-SE"}, "nb", "sv"),
        ("lang-browser", {}, "nb-NO,nb;q=0.9", "nb"),
        ("lang-none", {}, None, "sv"),
    )  # the organisation's default is sv
    for sub, extra, header, expected in cases:
        set_person(provider, sub, email=f"{sub}@acme.example", email_verified=True, **extra)
        client = sso_app.test_client()
        back = choose(client.get("/auth/oidc/login").headers["Location"], sub)
        headers = {"Accept-Language": header} if header else {}
        assert client.get(local(back), headers=headers).headers["Location"] == "/"
        assert client.get("/api/v1/me").get_json()["locale"] == expected, sub


def test_an_issuer_over_plain_http_elsewhere_than_this_machine_is_not_trusted(app_config, app, org):
    plain = create_app(app_config | {"OIDC_ISSUER": "http://login.example.com", "OIDC_CLIENT_ID": "x"})
    answer = plain.test_client().get("/auth/oidc/login")
    assert answer.headers["Location"] == "/login?sso_error=unavailable"
