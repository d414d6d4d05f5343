"""E-mail end to end in Chromium, with a real SMTP server on loopback: an invitation typed in the admin
screen arrives and its link signs the new person up; "Forgot password?" mails a link that sets a new
password; a reminder e-mail's one-click unsubscribe page stops the next one."""

from datetime import timedelta

import pytest

from server import outbox
from server.extensions import db
from server.reminders import service as reminders
from server.reminders.models import ReminderPreference
from tests.browser.conftest import PHONE
from tests.mailbox import relay_for
from tests.reminders.conftest import THURSDAY_1505

pytestmark = pytest.mark.browser


@pytest.fixture
def relay(app, live_server):
    """The loopback SMTP server, links to the live app, and the web process's sender thread running,
    as on a server: messages go right after the commit."""
    with relay_for(app, public_url=live_server) as running:
        outbox.start(app)
        try:
            yield running
        finally:
            outbox.stop(app)


def _fresh_page(browser, live_server):
    context = browser.new_context(viewport=PHONE, base_url=live_server, locale="en-GB", timezone_id="Europe/Stockholm")
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    return context, page


def test_invitations_typed_in_the_admin_screen_arrive_and_their_link_signs_up(
    page, org, sign_in, relay, browser, live_server
):
    sign_in(page, org.admin, "/admin?section=invites")
    page.wait_for_selector("#invite-team")
    page.select_option("#invite-team", label="Product")
    page.fill("#invite-email", "Ingrid Ek <ingrid@acme.example>, olof@acme.example\nnot-an-address")
    page.click("#create-invite")
    page.wait_for_selector("#invite-results")
    results = page.inner_text("#invite-results")
    assert "ingrid@acme.example: E-mail on its way" in results and "olof@acme.example" in results
    assert "not-an-address:" in results and page.input_value("#invite-email") == "not-an-address"
    received = relay.wait_for(2)
    invitation = next(r for r in received if r.recipients == ["ingrid@acme.example"])
    assert invitation.message["Subject"] == "Gå med i Acme AB på Learning Hour"  # the organisation's language
    page.click("#admin-people")
    page.click("#admin-invites")
    page.wait_for_selector(".invite-list [data-mail='sent']")
    assert page.locator(".invite-list [data-mail='sent']").count() == 2

    context, ingrid = _fresh_page(browser, live_server)
    try:
        ingrid.goto(invitation.link_to("/invite/"))
        ingrid.wait_for_selector("form [data-field=name] input")
        ingrid.fill("[data-field=name] input", "Ingrid Ek")
        ingrid.fill("[data-field=email] input", "ingrid@acme.example")
        ingrid.fill("[data-field=password] input", "ingrid-chose-this")
        ingrid.click("form button[type=submit]")
        ingrid.wait_for_selector("#week-ring")
        assert ingrid.errors == []
    finally:
        context.close()


def test_forgot_password_mail_new_password_signed_in(page, org, relay, browser, live_server):
    page.goto("/login")
    page.fill("input[type=email]", "erik@acme.example")
    page.click("#forgot-open")
    assert page.input_value("#forgot-email") == "erik@acme.example"
    page.click("#forgot-submit")
    page.wait_for_selector("#forgot-sent")
    [received] = relay.wait_for(1)
    assert received.message["Subject"] == "Choose a new password for Learning Hour"
    page.goto(received.link_to("/reset/"))
    page.wait_for_selector("#reset-password")
    page.fill("#reset-password", "erik-chose-this-one")
    page.click("#reset-submit")
    page.click("#reset-sign-in")
    page.fill("input[type=email]", "erik@acme.example")
    page.fill("input[type=password]", "erik-chose-this-one")
    page.click("form#password-sign-in button[type=submit]")
    page.wait_for_selector("#nav:not([hidden])")
    assert page.errors == []


def test_one_click_unsubscribe_from_a_reminder_email_means_no_more_mail(page, make_user, login, relay, app):
    erik = make_user("erik@acme.example")
    login(erik).patch("/api/v1/me/reminders", json={"enabled": True, "channel": "email"})
    reminders.send_due(THURSDAY_1505)
    [received] = relay.wait_for(1)
    link = received.message["List-Unsubscribe"][1:-1]
    page.goto(link)
    page.wait_for_selector("#mail-page-action")
    assert "erik@acme.example" in page.inner_text("#mail-page")
    page.click("#mail-page-action")
    page.wait_for_selector("text=E-mails stopped")
    db.session.expire_all()
    assert login(erik).get("/api/v1/me/reminders").get_json()["reminder_emails"] is False
    assert reminders.send_due(THURSDAY_1505 + timedelta(days=7))["claimed"] == 0
    assert outbox.deliver()["sent"] == 0 and len(relay.received) == 1


def test_admins_see_whether_email_is_set_up_send_a_test_and_see_failures(page, org, sign_in, relay):
    relay.refuse("gone@acme.example", "550 5.1.1 <gone@acme.example>: user unknown")
    sign_in(page, org.admin, "/admin?section=mail")
    page.wait_for_selector("#mail-status[data-enabled='true']")
    assert "smtp://127.0.0.1:" in page.inner_text("#mail-status")
    page.click("#mail-test")
    assert relay.wait_for(1)[0].recipients == ["admin@acme.example"]
    page.click("#admin-invites")
    page.fill("#invite-email", "gone@acme.example")
    page.click("#create-invite")
    page.wait_for_selector(".share-link")
    page.click("#admin-mail")
    page.wait_for_selector("#mail-failures li[data-id]")
    assert "user unknown" in page.inner_text("#mail-failures") and "Invitation" in page.inner_text("#mail-failures")
    assert page.errors == []


def test_settings_say_plainly_how_reminders_reach_you(page, org, sign_in, relay):
    sign_in(page, org.erik, "/settings")
    page.wait_for_selector("#reminder-channel")
    page.wait_for_selector("#reminder-channel-note:has-text('erik@acme.example')")
    assert page.inner_text("#reminder-channel-note") == "By e-mail to erik@acme.example."
    page.check("#reminders-on")
    page.select_option("#reminder-channel", "both")
    page.click("form:has(#reminder-channel) button[type=submit]")
    page.wait_for_selector("#toast:not([hidden])")
    db.session.expire_all()
    assert db.session.get(ReminderPreference, org.erik.id).channel == "both"
