"""Running the organisation from the app, in a phone's browser: teams, invitations, roles, password
changes and resets, withheld weeks of small teams, and my own weeks."""

import pytest
from sqlalchemy import select

from server.accounts.models import User
from server.extensions import db
from server.log import service as log
from server.teams import service as teams
from tests.browser.conftest import PHONE, settled, wait_until
from tests.browser.test_screens import CSP_WATCH
from tests.support import PASSWORD

pytestmark = pytest.mark.browser


def _new_context(browser, live_server):
    context = browser.new_context(viewport=PHONE, base_url=live_server, locale="en-GB", timezone_id="Europe/Stockholm")
    context.set_default_timeout(10_000)
    return context


def _user(email: str) -> User:
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.email == email))


def test_an_admin_creates_a_team_and_an_invitation_and_the_new_person_lands_on_log(
    page, org, sign_in, browser, live_server
):
    sign_in(page, org.admin, "/admin?section=teams")
    page.fill("#new-team-name", "Platform")
    page.click("form:has(#new-team-name) button[type=submit]")
    page.wait_for_selector("li[data-team='Platform']")
    assert page.title() == "Admin · Learning Hour"

    page.click("#admin-invites")
    page.wait_for_selector("#invite-team")
    page.select_option("#invite-team", label="Platform")
    page.click("#create-invite")
    url = page.input_value(".share-url")
    assert "/invite/" in url
    assert page.get_attribute(".qr img", "src").startswith("data:image/svg+xml")
    page.wait_for_selector(".invite-list li.invite")
    assert "Platform" in page.inner_text(".invite-list")

    other = _new_context(browser, live_server)
    try:
        newcomer = other.new_page()
        newcomer.goto(url)
        newcomer.fill("[data-field=name] input", "Pia Platform")
        newcomer.fill("[data-field=email] input", "pia@acme.example")
        newcomer.fill("[data-field=password] input", PASSWORD)
        newcomer.click("form button[type=submit]")
        newcomer.wait_for_selector("#week-ring")
        assert newcomer.url.endswith("/log")
        assert newcomer.title() == "Den här veckan · Learning Hour"  # Acme speaks Swedish by default
    finally:
        other.close()
    pia = _user("pia@acme.example")
    assert [t.name for t in teams.teams_of(pia)] == ["Platform"]
    page.reload()
    page.wait_for_selector(".invite-list .empty")


def test_an_admin_promotes_a_manager(page, org, sign_in, browser, live_server):
    sign_in(page, org.admin, "/admin")
    row = page.locator("li.person[data-email='erik@acme.example']")
    row.locator(".role-select").select_option("manager")
    wait_until(page, "document.querySelector('#toast').textContent.includes('Erik is now Manager')")
    assert _user("erik@acme.example").role == "manager"

    page.click("#admin-teams")
    team = page.locator("li[data-team='Support']")
    team.locator("summary").click()
    team.locator(f"#add-manager-{org.support.id}").select_option(label="Erik · erik@acme.example")
    team.locator(f"div.input-row:has(#add-manager-{org.support.id}) button").click()
    wait_until(page, "document.querySelector('#toast').textContent.includes('now manages Support')")
    assert org.support.id in teams.managed_team_ids(_user("erik@acme.example"))

    other = _new_context(browser, live_server)
    try:
        erik = other.new_page()
        sign_in(erik, org.erik, "/team?team=" + str(org.support.id))
        erik.wait_for_selector("#team-name")
        assert erik.inner_text("#team-name") == "Support"
        assert erik.locator("#nav a[href='/team']").count() == 1
    finally:
        other.close()


def test_a_person_changes_their_password_and_the_old_one_stops_working(page, org, sign_in, app):
    sign_in(page, org.erik, "/settings")
    page.fill("#current-password", "not my password")
    page.fill("#new-password", "a-new-long-password")
    page.click("#change-password")
    page.wait_for_selector("[data-field=current_password] .field-error:not([hidden])")
    page.fill("#current-password", PASSWORD)
    page.click("#change-password")
    wait_until(page, "document.querySelector('#toast').textContent.startsWith('Password changed')")
    page.click("#settings-history")  # still signed in on this phone
    page.wait_for_selector("#history-chart")
    client = app.test_client()
    old = client.post("/api/v1/auth/login", json={"email": org.erik.email, "password": PASSWORD})
    assert old.status_code == 401
    new = client.post("/api/v1/auth/login", json={"email": org.erik.email, "password": "a-new-long-password"})
    assert new.status_code == 200


def test_a_reset_link_made_by_an_admin_sets_a_new_password(page, org, sign_in, browser, live_server, app):
    sign_in(page, org.admin, "/admin")
    page.locator("li.person[data-email='sara@acme.example'] button", has_text="Password reset link").click()
    url = page.input_value("li.person[data-email='sara@acme.example'] .share-url")
    other = _new_context(browser, live_server)
    try:
        sara = other.new_page()
        sara.goto(url)
        sara.wait_for_selector("#reset-password")
        assert "sara@acme.example" in sara.inner_text(".welcome")
        sara.fill("#reset-password", "sara-chose-this-one")
        sara.click("#reset-submit")
        sara.wait_for_selector("#reset-sign-in")
        sara.goto(url)
        sara.wait_for_selector(".empty")
        assert "already been used" in sara.inner_text(".empty")
    finally:
        other.close()
    login = app.test_client().post(
        "/api/v1/auth/login", json={"email": "sara@acme.example", "password": "sara-chose-this-one"}
    )
    assert login.status_code == 200


def test_a_manager_of_a_team_of_three_sees_withheld_weeks(page, org, sign_in):
    log.log_entry(
        org.erik,
        {"date": log.week_summary(org.erik)["week_start"], "minutes": 333, "activity": "course", "title": "SQL"},
    )
    db.session.commit()
    sign_in(page, org.maja, "/team")
    page.wait_for_selector("#suppressed-note")
    assert "fewer than 5 members" in page.inner_text("#suppressed-note")
    assert page.locator("svg.chart rect.bar.hidden").count() == 8
    assert page.locator("table.team-weeks tr.suppressed").count() == 8
    assert "Hidden" in page.inner_text("table.team-weeks") and "333" not in page.inner_text("main")
    assert page.get_attribute("#download-xlsx", "href") == f"/api/v1/teams/{org.product.id}/totals.xlsx?weeks=8"
    page.click("#invite-to-team")
    page.click("#create-invite")
    assert "/invite/" in page.input_value(".share-url")
    page.wait_for_selector("#team-invites li.invite")
    page.click("#team-invites li.invite button")
    page.click("dialog button[data-value=yes]")
    page.wait_for_selector("#team-invites li.hint")


def test_my_weeks_and_time_away(page, org, sign_in):
    log.log_entry(
        org.erik,
        {"date": log.week_summary(org.erik)["week_start"], "minutes": 61, "activity": "book", "title": "A book"},
    )
    db.session.commit()
    sign_in(page, org.erik, "/log")
    page.click("#history-link")
    page.wait_for_selector("#history-chart")
    assert page.title() == "My weeks · Learning Hour"
    assert page.inner_text("#history-streak") == "1 week in a row"
    assert page.locator("#history-chart rect").count() == 12
    assert "Book" in page.inner_text(".activity-mix")
    page.click("#weeks-52")
    wait_until(page, "document.querySelectorAll('#history-chart rect').length === 52")
    page.click("#away-add")
    page.wait_for_selector(".away-list li.token")
    assert len(log.away_periods(org.erik)) == 1
    page.click(".away-list li.token button")
    page.click("dialog button[data-value=yes]")
    page.wait_for_selector(".away-list .empty")
    db.session.expire_all()
    assert log.away_periods(org.erik) == []


def test_settings_say_exactly_what_managers_see(page, org, sign_in, login):
    sign_in(page, org.erik, "/settings")
    page.wait_for_selector("#manager-view-group")
    assert "fewer than 5 members" in page.inner_text("#manager-view-group")
    assert "Product has 3 members, fewer than 5" in page.inner_text("#manager-view-teams")
    assert "team sums only" in page.inner_text("#manager-view-individual")
    assert page.locator("#settings-admin").count() == 0
    admin = login(org.admin)
    assert admin.patch("/api/v1/organisation", json={"show_individual_minutes": True}).status_code == 200
    page.reload()
    page.wait_for_selector("#manager-view-individual")
    assert "Your name and your minutes" in page.inner_text("#manager-view-individual")
    assert page.locator("#manager-view-group").count() == 0


def test_the_new_screens_keep_the_content_security_policy(context, org, sign_in):
    context.add_init_script(CSP_WATCH)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    sign_in(page, org.admin)
    for path, ready in (
        ("/admin", "li.person"),
        ("/admin?section=teams", "li[data-team]"),
        ("/admin?section=invites", "#create-invite"),
        ("/admin?section=organisation", "#org-min-group"),
        ("/history", "#history-chart"),
        ("/team?team=organisation", "#team-name"),
        ("/settings", "#manager-view p"),
        ("/reset/not-a-real-link", ".empty"),
    ):
        page.goto(path)
        page.wait_for_selector(ready)
        settled(page)
        assert page.evaluate("window.__csp") == [], path
    page.goto("/admin?section=invites")
    page.click("#create-invite")
    page.wait_for_selector(".qr img")
    assert page.evaluate("window.__csp") == [] and errors == []
