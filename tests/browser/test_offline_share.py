"""Sharing a link from another app without signal: the service worker keeps it in the person's outbox,
the Add screen shows it waiting, and it lands in the bank once the network is back; "add and log time"
logs against it, the resource and the entry each stored once."""

import pytest
from sqlalchemy import func, select

from server.bank.models import Resource
from server.extensions import db
from server.log.models import Entry
from tests.browser.conftest import ring_minutes, wait_until
from tests.browser.device import controlled, device_items

pytestmark = pytest.mark.browser

EPISODE = "https://open.spotify.com/episode/design-reviews-42"

# What Android's share sheet does: a form POST to the manifest's share_target, the link inside `text`.
SHARE = """([title, text]) => {
  const form = document.createElement('form');
  form.method = 'POST';
  form.action = '/share-target';
  for (const [name, value] of Object.entries({ title, text, url: '' })) {
    const input = document.createElement('input');
    input.name = name; input.value = value; form.append(input);
  }
  document.body.append(form);
  form.submit();
}"""


def resources() -> list[Resource]:
    db.session.expire_all()
    return db.session.scalars(select(Resource)).all()


def entry_count() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(Entry))


def share_offline(page, context, title="Great episode on design reviews"):
    context.set_offline(True)
    page.evaluate(SHARE, [title, f"Listen to this {EPISODE} so good"])
    page.wait_for_url("**/add?shared=*")
    page.wait_for_selector("#share-waiting")


def test_a_link_shared_offline_waits_and_lands_in_the_bank_once(page, context, make_user, sign_in):
    erik = make_user("erik@acme.example")
    sign_in(page, erik)
    controlled(page)
    share_offline(page, context)
    assert page.input_value("[data-field=url] input") == EPISODE
    assert page.input_value("[data-field=title] input") == "Great episode on design reviews"
    # Offline nobody can say what the link is: the bank decides when it arrives (below), as it does online.
    assert page.input_value("[data-field=kind] select") == ""
    [kept] = device_items(page)
    assert (kept["kind"], kept["user_id"], kept["state"]) == ("share", erik.id, "pending")
    assert "kind" not in kept["payload"]
    assert resources() == []

    # On the Log screen too it shows as waiting.
    page.click("#nav a[href='/log']")
    page.wait_for_selector("#waiting-links .waiting-link")
    assert "Great episode on design reviews" in page.inner_text("#waiting-links")

    context.set_offline(False)
    wait_until(page, "LHOutbox.all().then((items) => items.length === 0)")
    [resource] = resources()
    assert (resource.url, resource.title, resource.kind, resource.shared_by_id) == (
        EPISODE,
        "Great episode on design reviews",
        "podcast",
        erik.id,
    )
    wait_until(page, "document.querySelector('#waiting-links .waiting-link') === null")
    # Sent once: another start and flush, and the same link shared again online, add nothing.
    page.reload()
    page.wait_for_selector("#week-ring")
    page.evaluate(SHARE, ["Again", EPISODE])
    page.wait_for_url("**/add?**")
    page.wait_for_selector("form.add-form")
    page.click("button:text-is('Add to bank')")
    page.wait_for_url(f"**/bank/{resource.id}")
    assert len(resources()) == 1
    assert page.errors == []


def test_add_and_log_time_offline_stores_the_resource_and_the_entry_once(page, context, make_user, sign_in):
    sara = make_user("sara@acme.example", goal=60)
    sign_in(page, sara)
    controlled(page)
    share_offline(page, context)
    page.fill("[data-field=tags] input", "design")
    page.click("button:text-is('Add and log time')")
    page.wait_for_url("**/log?share=*")
    page.wait_for_selector("#week-ring")
    share_id = device_items(page)[0]["id"]
    wait_until(page, f"document.querySelector('[data-field=resource_id] select').value === '{share_id}'")
    page.click(".preset[data-minutes='25']")
    page.click(".quick-log button[type=submit]")
    wait_until(page, "document.querySelector('#week-ring').dataset.minutes === '25'")
    assert [(i["kind"], i["user_id"]) for i in device_items(page)] == [("share", sara.id), ("entry", sara.id)]
    assert resources() == [] and entry_count() == 0

    context.set_offline(False)
    wait_until(page, "LHOutbox.all().then((items) => items.length === 0)")
    [resource] = resources()
    db.session.expire_all()
    [entry] = db.session.scalars(select(Entry)).all()
    assert (entry.user_id, entry.minutes, entry.resource_id) == (sara.id, 25, resource.id)
    assert resource.tags_text == "design"
    wait_until(page, "document.querySelectorAll('.entry.pending').length === 0")
    assert ring_minutes(page) == 25
    page.reload()
    page.wait_for_selector("#week-ring")
    assert len(resources()) == 1 and entry_count() == 1


def test_the_add_screen_keeps_a_link_offline(page, context, make_user, sign_in):
    nora = make_user("nora@acme.example")
    sign_in(page, nora, "/add")
    page.wait_for_selector("form.add-form")
    controlled(page)
    context.set_offline(True)
    page.fill("[data-field=url] input", "https://example.invalid/a-good-read")
    page.fill("[data-field=title] input", "A good read")
    page.click("button:text-is('Add to bank')")
    page.wait_for_selector("#waiting-links .waiting-link")
    assert "A good read" in page.inner_text("#waiting-links")
    assert page.input_value("[data-field=url] input") == ""
    assert resources() == []
    context.set_offline(False)
    wait_until(page, "LHOutbox.all().then((items) => items.length === 0)")
    assert [(r.url, r.title) for r in resources()] == [("https://example.invalid/a-good-read", "A good read")]


def test_a_refused_link_shows_why_and_can_be_fixed(page, context, make_user, sign_in):
    lars = make_user("lars@acme.example")
    sign_in(page, lars)
    controlled(page)
    context.set_offline(True)
    page.evaluate("""() => LHOutbox.queueShare({ url: 'x'.repeat(3000), kind: 'article', title: 'Too long a link' })""")
    context.set_offline(False)
    page.wait_for_selector("#waiting-links .waiting-link.invalid")
    assert "Not added" in page.inner_text("#waiting-links")
    page.click("#waiting-links a:text-is('Fix')")
    page.wait_for_selector("#share-waiting")
    page.fill("[data-field=url] input", "https://example.invalid/the-real-link")
    page.click("button:text-is('Add to bank')")
    page.wait_for_url("**/bank/*")
    assert [(r.url, r.title) for r in resources()] == [("https://example.invalid/the-real-link", "Too long a link")]
    assert device_items(page) == []
