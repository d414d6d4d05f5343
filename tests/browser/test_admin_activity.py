"""Admin › Activity in a phone's browser: what an admin changed shows up, newest first, in their language."""

import pytest

from tests.browser.conftest import wait_until

pytestmark = pytest.mark.browser


def test_an_admin_sees_who_changed_what(page, org, sign_in, login):
    admin = login(org.admin)
    admin.patch(f"/api/v1/admin/users/{org.sara.id}", json={"role": "manager"})
    admin.post("/api/v1/teams", json={"name": "Plattform"})
    sign_in(page, org.admin, "/admin?section=activity")
    page.wait_for_selector("#activity-list li.activity")
    rows = page.locator("#activity-list li.activity")
    assert rows.count() == 2
    assert rows.nth(0).get_attribute("data-action") == "team.created"
    assert "created a team" in rows.nth(0).inner_text() and "Plattform" in rows.nth(0).inner_text()
    assert "changed the role of" in rows.nth(1).inner_text() and org.sara.name in rows.nth(1).inner_text()
    assert "role: employee → manager" in rows.nth(1).inner_text()
    wait_until(page, "document.title.startsWith('Admin')")
    assert page.errors == []
