"""Sign-in with the company account in a phone's browser, through a real OpenID provider on
loopback: the button above the password form, the trip to the provider and back onto Log, a refusal
explained in the person's language, passwords kept for admins, and an invitation accepted with it."""

import pytest
from sqlalchemy import func, select

from server.accounts.models import User
from server.extensions import db
from server.teams.models import Invite
from tests.browser.conftest import PHONE, wait_until
from tests.sso.conftest import provider, sso_app  # noqa: F401  (the fixtures)
from tests.sso.provider import set_person
from tests.support import PASSWORD, ApiClient, serving

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def sso_server(sso_app):  # noqa: F811
    with serving(sso_app) as base_url:
        yield base_url


def _page(browser, base_url, locale="en-GB"):
    context = browser.new_context(viewport=PHONE, base_url=base_url, locale=locale, timezone_id="Europe/Stockholm")
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    return page


def _at_provider(page, sub: str) -> None:
    """On the provider's own page: say who you are and authorize."""
    page.wait_for_url("**/oauth2/authorize?**")
    page.fill("input[name=sub]", sub)
    page.click("button[type=submit]:has-text('Authorize')")


def _users() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count(User.id)))


def test_first_and_second_sign_in_with_the_company_account(browser, sso_server, provider, org):  # noqa: F811
    set_person(provider, "kim-browser", email="kim@acme.example", email_verified=True, name="Kim Berg")
    page = _page(browser, sso_server)
    page.goto("/login")
    button = page.locator("#sso-sign-in button")
    assert button.inner_text() == "Sign in with Microsoft"
    # Above the password form.
    assert page.evaluate("""() => document.querySelector('#sso-sign-in').compareDocumentPosition(
        document.querySelector('#password-sign-in')) & Node.DOCUMENT_POSITION_FOLLOWING""")
    assert button.bounding_box()["height"] >= 44
    assert page.locator("#main").inner_text().startswith("Learning Hour\n") and "null" not in page.inner_text("#main")
    before = _users()
    button.click()
    _at_provider(page, "kim-browser")
    page.wait_for_selector("#nav:not([hidden])")
    assert page.url.rstrip("/") == sso_server
    me = page.evaluate("() => fetch('/api/v1/me').then((r) => r.json())")
    assert (me["email"], me["name"]) == ("kim@acme.example", "Kim Berg")
    assert _users() == before + 1
    # No password to change; deleting the account is confirmed with the address.
    page.goto("/settings")
    page.wait_for_selector("#sign-out")
    assert page.locator("#change-password").count() == 0
    assert page.locator("label:has-text('Your e-mail address, to confirm')").count() == 1
    # Signed out and in again: the same account.
    page.click("#sign-out")
    page.wait_for_url("**/login")
    page.click("#sso-sign-in button")
    _at_provider(page, "kim-browser")
    page.wait_for_selector("#nav:not([hidden])")
    assert page.evaluate("() => fetch('/api/v1/me').then((r) => r.json())")["id"] == me["id"]
    assert _users() == before + 1 and not page.errors
    page.context.close()


def test_a_foreign_address_is_refused_in_the_persons_language(browser, sso_server, provider, org):  # noqa: F811
    set_person(provider, "outsider-browser", email="olle@elsewhere.example", email_verified=True)
    page = _page(browser, sso_server, locale="sv-SE")
    page.goto("/login")
    page.click("#sso-sign-in button")
    _at_provider(page, "outsider-browser")
    page.wait_for_selector(".sso-error[data-code=domain]")
    assert "Din e-postadress får inte gå med här" in page.locator(".sso-error").inner_text()
    # Said once: the address bar no longer carries it, so a reload does not say it again.
    assert page.url.endswith("/login")
    assert page.locator("#nav").is_hidden() and not page.errors
    page.context.close()


def test_passwords_for_admins_only_in_the_app(browser, sso_server, org):
    admin = _page(browser, sso_server)
    admin.goto("/login")
    admin.fill("input[type=email]", org.admin.email)
    admin.fill("input[type=password]", PASSWORD)
    admin.click("form button[type=submit]")
    admin.wait_for_selector("#nav:not([hidden])")
    admin.goto("/admin?section=organisation")
    checkbox = admin.locator("#org-password-admins-only")
    assert checkbox.is_enabled() and not checkbox.is_checked()
    checkbox.check()
    admin.click("form button[type=submit]:has-text('Save')")
    wait_until(admin, "() => document.querySelector('#toast') && !document.querySelector('#toast').hidden")
    db.session.expire_all()
    assert (
        org.admin.organisation_id
        and admin.evaluate("() => fetch('/api/v1/organisation').then((r) => r.json())")["password_sign_in_admins_only"]
        is True
    )
    admin.context.close()

    page = _page(browser, sso_server)
    page.goto("/login")
    assert page.locator("#password-admins-only").inner_text() == "Password sign-in is for admins only."
    # The company's button comes first.
    assert page.evaluate("""() => document.querySelector('#sso-sign-in').compareDocumentPosition(
        document.querySelector('#password-sign-in')) & Node.DOCUMENT_POSITION_FOLLOWING""")
    assert page.inner_text("#password-sign-in button[type=submit]") == "Sign in as admin"
    page.fill("input[type=email]", org.erik.email)
    page.fill("input[type=password]", PASSWORD)
    page.click("#password-sign-in button[type=submit]")
    page.wait_for_selector(".form-error:not([hidden])")
    assert "for admins only" in page.locator(".form-error").inner_text()
    assert page.locator("#nav").is_hidden() and not page.errors
    page.context.close()


def test_an_invitation_is_accepted_with_the_company_account(browser, sso_server, sso_app, provider, org):  # noqa: F811
    admin = ApiClient(sso_app.test_client())
    admin.csrf_token = admin.post(
        "/api/v1/auth/login", json={"email": org.admin.email, "password": PASSWORD}
    ).get_json()["csrf_token"]
    invite = admin.post(f"/api/v1/teams/{org.support.id}/invites", json={}).get_json()
    set_person(provider, "guest-browser", email="gus@partner.example", email_verified=True, name="Gus Guest")
    page = _page(browser, sso_server)
    page.goto(f"/invite/{invite['token']}")
    page.click("#sso-join button:has-text('Join with Microsoft')")
    _at_provider(page, "guest-browser")
    page.wait_for_selector("#nav:not([hidden])")
    me = page.evaluate("() => fetch('/api/v1/me').then((r) => r.json())")
    assert me["email"] == "gus@partner.example" and [t["name"] for t in me["teams"]] == ["Support"]
    db.session.expire_all()
    assert db.session.scalar(select(Invite.accepted_user_id)) == me["id"] and not page.errors
    page.context.close()


def test_a_password_account_links_with_its_password_and_sees_the_link(browser, sso_server, provider, org):  # noqa: F811
    set_person(provider, "erik-browser", email="erik@acme.example", email_verified=True)
    page = _page(browser, sso_server)
    page.goto("/login")
    page.click("#sso-sign-in button")
    _at_provider(page, "erik-browser")
    page.wait_for_selector(".sso-error[data-code=confirm]")
    assert "Sign in once with it below" in page.locator(".sso-error").inner_text()
    assert page.locator("#nav").is_hidden()
    page.fill("input[type=email]", org.erik.email)
    page.fill("input[type=password]", PASSWORD)
    page.click("#password-sign-in button[type=submit]")
    page.wait_for_selector("#nav:not([hidden])")
    page.goto("/settings")
    assert "Linked to your company account erik@acme.example" in page.inner_text("#sso-account")
    assert page.locator("#sso-unlink").bounding_box()["height"] >= 44
    # The admin sees it in People, on Erik's card.
    admin = _page(browser, sso_server)
    admin.goto("/login")
    admin.fill("input[type=email]", org.admin.email)
    admin.fill("input[type=password]", PASSWORD)
    admin.click("form button[type=submit]")
    admin.wait_for_selector("#nav:not([hidden])")
    admin.goto("/admin?section=people")
    card = admin.locator("li.person[data-email='erik@acme.example'] .company-account")
    assert "Company account erik@acme.example, linked" in card.inner_text()
    admin.context.close()
    page.click("#sso-unlink")
    page.click("dialog.dialog button[data-value=yes]")
    page.wait_for_selector("#sso-account", state="detached")
    assert page.evaluate("() => fetch('/api/v1/me').then((r) => r.json())")["company_account"] is None
    assert not page.errors
    page.context.close()
