"""Teams and Slack in a phone's browser: someone who typed /learninghour opens their one-time link,
sees which Slack account it is, connects it, finds it in Settings and undoes it there; an admin adds a
channel under Admin › Organisation, sees its webhook masked, and removes it."""

import pytest

from server.channels import connections
from server.extensions import db
from tests.browser.conftest import settled, wait_until

pytestmark = pytest.mark.browser


def test_a_slack_account_is_connected_from_its_link_and_undone_in_settings(page, org, sign_in):
    token = connections.issue_link("T0ACME", "acme", "U0ERIK", "erik.s")
    db.session.commit()
    sign_in(page, org.erik, f"/connect/slack/{token}")
    page.wait_for_selector("#slack-who")
    assert "@erik.s" in page.inner_text("#slack-who") and "acme" in page.inner_text("#slack-who")
    page.click("#slack-connect")
    page.wait_for_selector("#slack-connected")
    assert connections.person_for("T0ACME", "U0ERIK").id == org.erik.id

    page.goto(f"/connect/slack/{token}")  # used: it says so, and points to Settings
    page.wait_for_selector(".empty")
    assert "/learninghour" in page.inner_text("main")

    page.goto("/settings")
    page.wait_for_selector("#slack-accounts li.token")
    assert "@erik.s · acme" in page.inner_text("#slack-accounts")
    button = page.locator("#slack-accounts li.token button")
    assert button.bounding_box()["height"] >= 44  # a thumb's target
    button.click()
    wait_until(page, "!document.querySelector('#slack-accounts li.token')")
    assert connections.person_for("T0ACME", "U0ERIK") is None
    settled(page)
    assert page.errors == []


def test_an_admin_adds_a_channel_sees_it_masked_and_removes_it(page, org, sign_in):
    sign_in(page, org.admin, "/admin?section=organisation")
    page.wait_for_selector("#channels-card .empty")
    page.click("#channels-card details summary")
    page.select_option("#channel-kind", "slack")
    page.fill("#channel-url", "https://example.com/not-a-webhook")
    page.click("#channel-add")
    page.wait_for_selector("#channel-form [data-field=url] .field-error:not([hidden])")
    page.fill("#channel-url", "https://hooks.slack.com/services/T000/B000/SECRETWORD9876")
    page.fill("#channel-name", "#lärande")
    page.uncheck("#channel-event-shelf")
    page.click("#channel-add")
    page.wait_for_selector("#channel-list li.channel")
    shown = page.inner_text("#channel-list")
    assert "https://hooks.slack.com/…9876" in shown and "SECRETWORD" not in page.content()
    assert "Slack · #lärande" in shown and "The Monday shelf" not in shown
    page.click("#channel-list li.channel button.danger")
    page.click("dialog button.danger")
    page.wait_for_selector("#channels-card .empty")
    settled(page)
    assert page.errors == []
