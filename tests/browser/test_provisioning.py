"""Admin › Organisation › Provisioning in a phone's browser: a token is made, shown once, works for
the directory on /scim/v2, shows when it was last used, and is revoked."""

import httpx
import pytest

from tests.browser.conftest import wait_until

pytestmark = pytest.mark.browser


def test_an_admin_makes_uses_and_revokes_a_provisioning_token(page, org, sign_in, live_server):
    sign_in(page, org.admin, "/admin?section=organisation")
    page.wait_for_selector("#scim-card .empty")
    assert page.input_value("#scim-url") == f"{live_server}/scim/v2"
    page.fill("#scim-token-name", "Entra ID")
    page.click("#scim-card form button[type=submit]")
    token = page.input_value("#scim-new-token")
    assert token.startswith("lhscim_")
    page.wait_for_selector("#scim-tokens li.token")
    assert "never used" in page.inner_text("#scim-tokens li.token")

    headers = {"Authorization": f"Bearer {token}"}
    found = httpx.get(
        f"{live_server}/scim/v2/Users", params={"filter": f'userName eq "{org.erik.email}"'}, headers=headers
    )
    assert found.status_code == 200 and found.json()["totalResults"] == 1

    page.reload()
    wait_until(page, "document.querySelector('#scim-tokens li.token')?.innerText.includes('last used')")
    assert page.locator("#scim-new-token").count() == 0  # shown once only
    page.click("#scim-tokens li.token button.danger")
    page.click("dialog button.danger")
    page.wait_for_selector("#scim-card .empty")
    assert httpx.get(f"{live_server}/scim/v2/Users", headers=headers).status_code == 401
