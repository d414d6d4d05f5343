"""Reminders by Web Push, end to end: the app subscribes (a loopback push service stands in for the
browser's), the server sends a test reminder, the push service decrypts it, and the service worker
shows it and records that it did."""

import json

import pytest
from sqlalchemy import select

from server.extensions import db
from server.reminders.models import PushSubscription
from tests.browser.conftest import wait_until
from tests.push_service import push_service  # noqa: F401
from tests.support import wait_for

pytestmark = pytest.mark.browser

# Headless Chromium has no push service of its own: hand out the loopback service's subscription.
STUB_PUSH_MANAGER = """
(() => {
  const sub = %s;
  let current = null;
  const fake = { endpoint: sub.endpoint, expirationTime: null, options: { userVisibleOnly: true },
    toJSON: () => ({ ...sub, expirationTime: null }), getKey: () => null,
    unsubscribe: async () => { current = null; return true; } };
  PushManager.prototype.subscribe = async function () { current = fake; return fake; };
  PushManager.prototype.getSubscription = async function () { return current; };
})();
"""

# What the service worker showed, as the page sees it: the notifications of its registration.
SHOWN_NOTIFICATIONS = """async () => {
  const registration = await navigator.serviceWorker.ready;
  const shown = await registration.getNotifications();
  return shown.map((n) => ({ title: n.title, body: n.body, tag: n.tag, data: n.data }));
}"""


@pytest.fixture
def own_sender(app):
    """The app's push sender for this test only, its keep-alive connections closed afterwards."""
    yield
    sender = app.extensions.pop("push.sender", None)
    if sender is not None:
        sender.close()


def service_worker_registration(context, page, origin: str):
    cdp = context.new_cdp_session(page)
    registrations = []
    cdp.on("ServiceWorker.workerRegistrationUpdated", lambda event: registrations.extend(event["registrations"]))
    cdp.send("ServiceWorker.enable")
    found = wait_for(
        lambda: [r for r in registrations if r["scopeURL"] == origin + "/" and not r["isDeleted"]],
        what=f"a service worker registration for {origin}",
        pause=lambda seconds: page.wait_for_timeout(seconds * 1000),  # Playwright delivers the events meanwhile
    )
    return cdp, found[-1]["registrationId"]


def test_a_delivered_push_shows_a_notification(
    page,
    context,
    live_server,
    make_user,
    sign_in,
    push_service,  # noqa: F811
    own_sender,
):
    erik = make_user("erik@acme.example")
    subscription = push_service.subscribe()
    context.grant_permissions(["notifications"], origin=live_server)
    context.add_init_script(STUB_PUSH_MANAGER % json.dumps(subscription))
    sign_in(page, erik, "/settings")
    wait_until(page, "navigator.serviceWorker.controller !== null")

    page.click("#push-on")  # the opt-in is a button in Settings, never asked on first load
    page.wait_for_selector("#push-test")
    db.session.expire_all()
    stored = db.session.scalars(select(PushSubscription).where(PushSubscription.user_id == erik.id)).all()
    assert [s.endpoint for s in stored] == [subscription["endpoint"]]

    page.click("#push-test")
    [delivery] = push_service.wait_for(1)
    sent = delivery.json
    assert sent["title"] and sent["url"]

    cdp, registration_id = service_worker_registration(context, page, live_server)
    cdp.send(
        "ServiceWorker.deliverPushMessage",
        {"origin": live_server, "registrationId": registration_id, "data": delivery.payload.decode()},
    )
    [shown] = wait_until(page, SHOWN_NOTIFICATIONS)
    assert (shown["title"], shown["body"], shown["tag"]) == (sent["title"], sent["body"], sent["tag"])
    assert shown["data"]["url"] == sent["url"]
    assert page.errors == []
