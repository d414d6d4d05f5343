"""Passwords for admins only once the company sign-in works, and invitations accepted through it."""

from server.accounts.models import User
from server.audit.models import AuditEvent
from server.extensions import db
from server.teams.models import Invite
from tests.sso.provider import set_person, through_provider
from tests.support import PASSWORD, ApiClient


def _signed_in(app, user) -> ApiClient:
    client = ApiClient(app.test_client())
    answer = client.post("/api/v1/auth/login", json={"email": user.email, "password": PASSWORD})
    assert answer.status_code == 200, answer.get_json()
    client.csrf_token = answer.get_json()["csrf_token"]
    return client


def _password(app, user):
    return app.test_client().post("/api/v1/auth/login", json={"email": user.email, "password": PASSWORD})


def test_passwords_for_admins_only_keeps_employees_to_the_company_sign_in(sso_app, provider, org):
    admin = _signed_in(sso_app, org.admin)
    answer = admin.patch("/api/v1/organisation", json={"password_sign_in_admins_only": True})
    assert answer.status_code == 200 and answer.get_json()["password_sign_in_admins_only"] is True
    refused = _password(sso_app, org.erik)
    assert refused.status_code == 403 and "company account" in refused.get_json()["message"]
    assert _password(sso_app, org.maja).status_code == 403  # managers too
    assert _password(sso_app, org.admin).status_code == 200
    # A wrong password still answers 401: the rule is told only to whoever knows the password.
    wrong = sso_app.test_client().post("/api/v1/auth/login", json={"email": org.erik.email, "password": "nope-nope"})
    assert wrong.status_code == 401
    # In the person's language.
    swedish = sso_app.test_client().post(
        "/api/v1/auth/login", json={"email": org.erik.email, "password": PASSWORD}, headers={"Accept-Language": "sv"}
    )
    assert swedish.status_code == 403 and "företagskonto" in swedish.get_json()["message"]
    # Erik still gets in, through the company sign-in: his account has a password he may no longer
    # sign in with, so an admin confirms the link first.
    set_person(provider, "erik-sub", email="erik@acme.example", email_verified=True)
    assert (
        through_provider(sso_app.test_client(), provider, "erik-sub").headers["Location"] == "/login?sso_error=confirm"
    )
    assert admin.post(f"/api/v1/admin/users/{org.erik.id}/company-account/confirm").status_code == 204
    assert through_provider(sso_app.test_client(), provider, "erik-sub").headers["Location"] == "/"
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "organisation.settings_changed"))
    assert event.details == {"password_sign_in_admins_only": [False, True]}


def test_passwords_for_admins_only_cannot_be_chosen_without_the_company_sign_in(app, login, org):
    admin = login(org.admin)
    answer = admin.patch("/api/v1/organisation", json={"password_sign_in_admins_only": True})
    assert answer.status_code == 422
    assert "password_sign_in_admins_only" in answer.get_json()["errors"]["json"]
    assert admin.get("/api/v1/organisation").get_json()["password_sign_in_admins_only"] is False
    assert login(org.erik).get("/api/v1/me").status_code == 200


def test_the_rule_lapses_when_the_company_sign_in_is_taken_away(sso_app, app, org):
    assert (
        _signed_in(sso_app, org.admin)
        .patch("/api/v1/organisation", json={"password_sign_in_admins_only": True})
        .status_code
        == 200
    )
    assert _password(sso_app, org.erik).status_code == 403
    # The app without OIDC settings (the operator removed them): nobody is locked out.
    assert _password(app, org.erik).status_code == 200


def _invite(app, admin_user, team=None, **body) -> dict:
    answer = _signed_in(app, admin_user).post(
        f"/api/v1/teams/{team.id}/invites" if team else "/api/v1/invites", json=body
    )
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()


def test_an_invitation_is_accepted_with_the_company_sign_in(sso_app, provider, org):
    invite = _invite(sso_app, org.admin, org.support)
    set_person(provider, "guest-sub", email="guest@partner.example", email_verified=True, name="Gus Guest")
    client = sso_app.test_client()
    answer = through_provider(client, provider, "guest-sub", start=f"/auth/oidc/login?invite={invite['token']}")
    assert answer.headers["Location"] == "/"
    me = client.get("/api/v1/me").get_json()
    assert (me["email"], me["name"], me["role"]) == ("guest@partner.example", "Gus Guest", "employee")
    assert [team["name"] for team in me["teams"]] == ["Support"]
    assert db.session.scalar(db.select(Invite.accepted_user_id)) == me["id"]
    assert db.session.scalar(db.select(User.password_hash).where(User.id == me["id"])) is None
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "person.joined_with_sso"))
    assert event.details == {"via": "invite", "subject": "guest-sub"}
    # Used once: the next person with the same link is sent back to the invitation, told why.
    set_person(provider, "late-sub", email="late@partner.example", email_verified=True)
    late = through_provider(
        sso_app.test_client(), provider, "late-sub", start=f"/auth/oidc/login?invite={invite['token']}"
    )
    assert late.headers["Location"] == f"/invite/{invite['token']}?sso_error=invite"


def test_an_invitation_for_another_address_keeps_its_word(sso_app, provider, org):
    invite = _invite(sso_app, org.admin, email="named@partner.example")
    set_person(provider, "other-sub", email="other@partner.example", email_verified=True)
    answer = through_provider(
        sso_app.test_client(), provider, "other-sub", start=f"/auth/oidc/login?invite={invite['token']}"
    )
    assert answer.headers["Location"] == f"/invite/{invite['token']}?sso_error=invite_email"
    assert db.session.scalar(db.select(Invite.accepted_at)) is None
    assert db.session.scalar(db.select(User.id).where(User.email == "other@partner.example")) is None


def test_with_passwords_for_admins_only_an_invitation_is_accepted_through_the_company_only(sso_app, provider, org):
    assert (
        _signed_in(sso_app, org.admin)
        .patch("/api/v1/organisation", json={"password_sign_in_admins_only": True})
        .status_code
        == 200
    )
    invite = _invite(sso_app, org.admin)
    refused = sso_app.test_client().post(
        f"/api/v1/invites/{invite['token']}/accept",
        json={"name": "Pat", "email": "pat@partner.example", "password": "a-long-enough-password"},
    )
    assert refused.status_code == 403
    assert db.session.scalar(db.select(Invite.accepted_at)) is None
    admin_invite = _invite(sso_app, org.admin, role="admin")
    accepted = sso_app.test_client().post(
        f"/api/v1/invites/{admin_invite['token']}/accept",
        json={"name": "Ada", "email": "ada@partner.example", "password": "a-long-enough-password"},
    )
    assert accepted.status_code == 201
