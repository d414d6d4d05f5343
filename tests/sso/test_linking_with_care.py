"""Company sign-in links with care, against the real provider on loopback: an admin's address and a
password account's address are linked only with proof (the password once in the same browser, or an
admin), another organisation's address never (and is refused as an unknown one is), a password-less
colleague in an allowed domain links by itself; the subject and every link are in the audit trail,
and the person and an admin see the link and remove it."""

from datetime import timedelta

from server.accounts import service as accounts
from server.audit.models import AuditEvent
from server.extensions import db
from server.sso.models import SsoIdentity
from tests.sso.provider import set_person, through_provider
from tests.support import PASSWORD, ApiClient

CONFIRM = "/login?sso_error=confirm"


def _signed_in_as(client) -> str | None:
    answer = client.get("/api/v1/auth/session")
    return answer.get_json()["user"]["email"] if answer.status_code == 200 else None


def _password(client, user):
    return client.post("/api/v1/auth/login", json={"email": user.email, "password": PASSWORD})


def _api(client) -> ApiClient:
    return ApiClient(client, csrf_token=client.get("/api/v1/auth/session").get_json()["csrf_token"])


def _admin(sso_app, user) -> ApiClient:
    """Signed in with the password on the app where company sign-in is set up (the link shows there)."""
    client = sso_app.test_client()
    assert _password(client, user).status_code == 200
    return _api(client)


def _events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)))


def test_an_admins_address_is_linked_only_with_the_password_in_the_same_browser(sso_app, provider, org):
    set_person(provider, "boss-sub", email="admin@acme.example", email_verified=True)
    browser = sso_app.test_client()
    assert through_provider(browser, provider, "boss-sub").headers["Location"] == CONFIRM
    assert _signed_in_as(browser) is None
    # Trying again changes nothing: the link waits and signs nobody in.
    assert through_provider(sso_app.test_client(), provider, "boss-sub").headers["Location"] == CONFIRM
    [waiting] = _events("person.sso_link_waiting")[-1:]
    assert waiting.details == {"subject": "boss-sub", "email": "admin@acme.example", "via": "address"}
    # The admin's own password sign-in in another browser is no proof for this one.
    assert _password(sso_app.test_client(), org.admin).status_code == 200
    assert db.session.scalar(db.select(SsoIdentity.confirmed_at)) is None
    # In the browser that came back from the provider, it is.
    assert through_provider(browser, provider, "boss-sub").headers["Location"] == CONFIRM
    assert _password(browser, org.admin).status_code == 200
    [linked] = _events("person.sso_linked")
    assert linked.details == {"subject": "boss-sub", "email": "admin@acme.example", "via": "password"}
    later = sso_app.test_client()
    assert through_provider(later, provider, "boss-sub").headers["Location"] == "/"
    assert _signed_in_as(later) == "admin@acme.example"
    assert _events("person.signed_in_with_sso")[-1].details == {"subject": "boss-sub"}


def test_the_proof_must_come_soon(sso_app, provider, org, clock):
    clock.set(clock.now(), ticking=True)
    set_person(provider, "late-sub", email="erik@acme.example", email_verified=True)
    browser = sso_app.test_client()
    assert through_provider(browser, provider, "late-sub").headers["Location"] == CONFIRM
    clock.advance(timedelta(minutes=16))
    assert _password(browser, org.erik).status_code == 200
    assert db.session.scalar(db.select(SsoIdentity.confirmed_at)) is None


def test_a_password_accounts_address_waits_until_an_admin_confirms(sso_app, provider, org):
    set_person(provider, "erik-sub", email="erik@acme.example", email_verified=True)
    assert through_provider(sso_app.test_client(), provider, "erik-sub").headers["Location"] == CONFIRM
    admin = _admin(sso_app, org.admin)
    [erik] = [p for p in admin.get("/api/v1/admin/users").get_json() if p["email"] == "erik@acme.example"]
    assert erik["company_account"]["waiting"] is True and erik["company_account"]["subject"] == "erik-sub"
    assert admin.post(f"/api/v1/admin/users/{org.erik.id}/company-account/confirm").status_code == 204
    assert admin.post(f"/api/v1/admin/users/{org.erik.id}/company-account/confirm").status_code == 404
    assert _events("person.sso_linked")[-1].actor_name == "Admin"
    browser = sso_app.test_client()
    assert through_provider(browser, provider, "erik-sub").headers["Location"] == "/"
    assert _signed_in_as(browser) == "erik@acme.example"


def test_another_organisations_address_is_never_linked_and_refused_like_an_unknown_one(
    sso_app, provider, org, make_user
):
    """Olle of Other Oy has an address in a domain this provider may let in: still no link, and the
    answer is the one an address without an account gets."""
    make_user("ola@acme.example", org="Other Oy")
    set_person(provider, "ola-sub", email="ola@acme.example", email_verified=True)
    set_person(provider, "boss-other", email="boss@other.example", email_verified=True)
    set_person(provider, "nobody-sub", email="nobody@other.example", email_verified=True)
    answers = {
        sub: through_provider(sso_app.test_client(), provider, sub).headers["Location"]
        for sub in ("ola-sub", "boss-other", "nobody-sub")
    }
    assert answers == {sub: "/login?sso_error=domain" for sub in answers}
    assert db.session.scalar(db.select(db.func.count(SsoIdentity.id))) == 0


def test_a_colleague_without_a_password_in_an_allowed_domain_links_by_itself(sso_app, provider, org, make_user):
    # A person made as provisioning makes them: no password.
    kim = accounts.create_user(accounts.organisation_of(org.admin), email="kim@acme.example", name="Kim", password=None)
    db.session.commit()
    set_person(provider, "kim-sub", email="kim@acme.example", email_verified=True)
    browser = sso_app.test_client()
    assert through_provider(browser, provider, "kim-sub").headers["Location"] == "/"
    assert _signed_in_as(browser) == "kim@acme.example"
    [linked] = _events("person.sso_linked")
    assert (linked.target_id, linked.details["via"], linked.details["subject"]) == (kim.id, "address", "kim-sub")


def test_the_person_and_an_admin_see_the_link_and_remove_it(sso_app, provider, org):
    set_person(provider, "erik-sub", email="erik@acme.example", email_verified=True)
    browser = sso_app.test_client()
    through_provider(browser, provider, "erik-sub")
    assert _password(browser, org.erik).status_code == 200
    erik = _api(browser)
    mine = erik.get("/api/v1/me").get_json()["company_account"]
    assert (mine["email"], mine["subject"], mine["waiting"]) == ("erik@acme.example", "erik-sub", False)
    assert erik.delete("/api/v1/me/company-account").status_code == 204
    assert erik.get("/api/v1/me").get_json()["company_account"] is None
    assert erik.delete("/api/v1/me/company-account").status_code == 404
    # Signing in with it again needs the proof again.
    assert through_provider(sso_app.test_client(), provider, "erik-sub").headers["Location"] == CONFIRM
    admin = _admin(sso_app, org.admin)
    assert admin.delete(f"/api/v1/admin/users/{org.erik.id}/company-account").status_code == 204
    people = {p["email"]: p for p in admin.get("/api/v1/admin/users").get_json()}
    assert people["erik@acme.example"]["company_account"] is None
    removed = _events("person.sso_unlinked")
    assert [(e.actor_name, e.details["via"], e.details["subject"]) for e in removed] == [
        ("Erik", "self", "erik-sub"),
        ("Admin", "admin", "erik-sub"),
    ]
    # Another organisation's admin finds nobody to unlink.
    outsider = _admin(sso_app, org.outsider_admin)
    assert outsider.delete(f"/api/v1/admin/users/{org.erik.id}/company-account").status_code == 404
