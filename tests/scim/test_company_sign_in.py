"""Provisioning and company sign-in meet on one account: the person the directory made signs in with
the company account into that account (linked on the verified address, never a second one), and
once the directory deactivates them the company account no longer gets them in."""

from server.accounts.models import User
from server.extensions import db
from server.sso.models import SsoIdentity
from tests.scim.conftest import USER
from tests.sso.conftest import browser_client, provider, sso_app  # noqa: F401  (fixtures)
from tests.sso.provider import set_person, through_provider


def test_company_sign_in_after_provisioning_signs_into_the_provisioned_account(directory, browser_client, provider):  # noqa: F811
    made = directory.post(
        "/Users",
        {
            "schemas": [USER],
            "userName": "kim.berg@acme.onmicrosoft.com",
            "displayName": "Kim Berg",
            "emails": [{"value": "kim@acme.example", "type": "work", "primary": True}],
            "active": True,
        },
    )
    assert made.status_code == 201
    kim = int(made.get_json()["id"])
    people = db.session.scalar(db.select(db.func.count(User.id)))
    set_person(provider, "entra-kim", email="kim@acme.example", email_verified=True, name="Kim Berg")
    answer = through_provider(browser_client, provider, "entra-kim")
    assert answer.status_code == 302 and answer.headers["Location"] == "/"
    assert browser_client.get("/api/v1/auth/session").get_json()["user"]["id"] == kim
    assert db.session.scalar(db.select(db.func.count(User.id))) == people
    assert db.session.scalar(db.select(SsoIdentity.user_id).where(SsoIdentity.subject == "entra-kim")) == kim

    assert directory.patch(f"/Users/{kim}", [{"op": "Replace", "path": "active", "value": "False"}]).status_code == 200
    assert browser_client.get("/api/v1/auth/session").status_code == 401
    again = through_provider(browser_client, provider, "entra-kim")
    assert again.status_code == 302 and again.headers["Location"] == "/login?sso_error=deactivated"
