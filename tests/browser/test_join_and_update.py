"""Joining by an invitation link, and an installed app picking up a new version."""

import pytest
from sqlalchemy import select

from server import shell
from server.accounts.models import User
from server.extensions import db
from tests.browser.conftest import wait_until
from tests.support import PASSWORD

pytestmark = pytest.mark.browser


def test_an_invitation_link_opens_the_app_and_signs_the_new_person_in(page, org, login):
    invite = login(org.maja).post(f"/api/v1/teams/{org.product.id}/invites", json={}).get_json()
    page.goto("/invite/" + invite["token"])
    page.wait_for_selector("form [data-field=name] input")
    assert "Product" in page.inner_text(".welcome")
    page.fill("[data-field=name] input", "Ingrid Ek")
    page.fill("[data-field=email] input", "ingrid@acme.example")
    page.fill("[data-field=password] input", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_selector("#week-ring")
    assert page.url.endswith("/log")
    db.session.expire_all()
    ingrid = db.session.scalar(select(User).where(User.email == "ingrid@acme.example"))
    assert ingrid.organisation_id == org.maja.organisation_id


def test_a_broken_invitation_link_says_so(page):
    page.goto("/invite/no-such-token")
    page.wait_for_selector(".empty")
    assert page.locator("a[href='/login']").count() == 1


def test_a_new_version_of_the_app_offers_to_reload(page, make_user, sign_in, monkeypatch):
    erik = make_user("erik@acme.example")
    sign_in(page, erik)
    wait_until(page, "navigator.serviceWorker.controller !== null")
    old = page.evaluate("caches.keys()")
    monkeypatch.setattr(shell, "shell_version", lambda: "next-version")
    page.evaluate("navigator.serviceWorker.getRegistration().then((r) => r.update())")
    page.wait_for_selector("#update:not([hidden]) button")
    # The page reloads once the new worker has taken charge, a moment after the tap: wait for that load.
    with page.expect_navigation(wait_until="load"):
        page.click("#update button")
    page.wait_for_selector("#week-ring")
    # The new shell is cached on install; the old one goes when the new worker activates, a moment later.
    keys = wait_until(
        page,
        "caches.keys().then((k) => k.includes('lh-shell-next-version')"
        " && !k.some((n) => n.startsWith('lh-shell-') && n !== 'lh-shell-next-version') && k)",
    )
    assert old != keys and "lh-shell-next-version" not in old
