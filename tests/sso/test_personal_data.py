"""What the company sign-in keeps about a person is in their export and leaves with their account;
someone without a password confirms deleting their account with their e-mail address."""

from server.extensions import db
from server.sso.models import SsoIdentity
from tests.sso.provider import set_person, through_provider
from tests.support import ApiClient


def _kim(sso_app, provider) -> ApiClient:
    set_person(provider, "kim-data", email="kim@acme.example", email_verified=True, name="Kim Berg")
    client = sso_app.test_client()
    assert through_provider(client, provider, "kim-data").headers["Location"] == "/"
    return ApiClient(client, csrf_token=client.get("/api/v1/auth/session").get_json()["csrf_token"])


def test_the_export_names_the_company_account(sso_app, provider, org):
    kim = _kim(sso_app, provider)
    me = kim.get("/api/v1/me").get_json()
    assert me["has_password"] is False
    [account] = kim.get("/api/v1/me/export").get_json()["company_account"]
    assert (account["issuer"], account["subject"], account["email"]) == (provider.url, "kim-data", "kim@acme.example")
    assert account["last_sign_in_at"]


def test_an_account_without_a_password_is_deleted_with_the_address_as_confirmation(sso_app, provider, org, login):
    kim = _kim(sso_app, provider)
    wrong = kim.delete("/api/v1/me", json={"password": "not-my-address@acme.example"})
    assert wrong.status_code == 422 and "password" in wrong.get_json()["errors"]["json"]
    assert kim.delete("/api/v1/me", json={"password": " Kim@Acme.example "}).status_code == 204
    assert db.session.scalar(db.select(db.func.count(SsoIdentity.id))) == 0
    # People with a password still confirm with it.
    assert login(org.erik).get("/api/v1/me").get_json()["has_password"] is True
    assert login(org.erik).delete("/api/v1/me", json={"password": org.erik.email}).status_code == 422
