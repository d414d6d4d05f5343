"""The outbox in a phone's browser: one outbox per person on a shared device, a refused item that never
blocks the rest, changes and deletions made offline applied once and in order, and signing out with
items still waiting."""

import pytest
from sqlalchemy import select

from server.clock import local_today
from server.extensions import db
from server.log import service as log
from server.log.models import Entry
from tests.browser.conftest import log_minutes, ring_minutes, wait_until
from tests.browser.device import controlled, device_items, device_profiles
from tests.support import wait_for

pytestmark = pytest.mark.browser

EMPTY = "LHOutbox.all().then((items) => items.length === 0)"


def entries_of(user) -> list[Entry]:
    db.session.expire_all()
    return db.session.scalars(select(Entry).where(Entry.user_id == user.id)).all()


def ring_is(page, minutes: int) -> None:
    wait_until(page, f"document.querySelector('#week-ring')?.dataset.minutes === '{minutes}'")


def sign_out(page, choice: str | None = None) -> None:
    page.click("#nav a[href='/settings']")
    page.click("#sign-out")
    if choice:
        page.click(f"#sign-out-dialog button[data-value={choice}]")


def test_two_people_on_one_device_each_see_and_send_only_their_own(page, context, make_user, sign_in):
    erik = make_user("erik@acme.example")
    sara = make_user("sara@acme.example")
    sign_in(page, erik)
    controlled(page)
    context.set_offline(True)
    log_minutes(page, 15, "Erik on the train")
    ring_is(page, 15)

    # Erik signs out with his entry still waiting: he is told, and leaves it for later.
    sign_out(page)
    page.wait_for_selector("#sign-out-dialog")
    assert "1 change made on this device has not been sent yet." in page.inner_text("#sign-out-dialog")
    page.click("#sign-out-dialog button[data-value=leave]")
    page.wait_for_selector("form [data-field=email] input")
    assert device_profiles(page) == []
    assert page.evaluate("caches.has('lh-data')") is False
    context.set_offline(False)

    # Sara, on the same phone, never sees, counts or sends Erik's entry.
    sign_in(page, sara)
    page.wait_for_selector("#week-ring")
    assert ring_minutes(page) == 0
    assert page.locator(".entry").count() == 0
    assert page.evaluate("LHOutbox.count()") == 0
    log_minutes(page, 10, "Sara at her desk", activity="article")
    ring_is(page, 10)
    context.set_offline(True)
    log_minutes(page, 25, "Sara offline", activity="article")
    ring_is(page, 35)
    context.set_offline(False)
    wait_until(page, EMPTY)
    assert sorted(e.title for e in entries_of(sara)) == ["Sara at her desk", "Sara offline"]
    assert entries_of(erik) == []
    assert [(i["payload"]["title"], i["user_id"]) for i in device_items(page)] == [("Erik on the train", erik.id)]

    # Nothing waits for Sara: she signs out without a question. Erik's entry goes when he is back.
    sign_out(page)
    page.wait_for_selector("form [data-field=email] input")
    assert page.locator("#sign-out-dialog").count() == 0
    sign_in(page, erik)
    wait_until(page, EMPTY)
    assert [(e.title, e.minutes) for e in entries_of(erik)] == [("Erik on the train", 15)]
    assert len(entries_of(sara)) == 2
    assert device_items(page) == []


def test_a_refused_item_never_blocks_three_good_ones(page, context, make_user, sign_in):
    nora = make_user("nora@acme.example", locale="sv")
    sign_in(page, nora)
    page.wait_for_selector("#week-ring")
    today = local_today(nora.timezone).isoformat()
    context.set_offline(True)
    page.evaluate(
        """(today) => (async () => {
      const item = (title) => ({ id: crypto.randomUUID(), date: today, minutes: 10, activity: 'podcast', title });
      await LHOutbox.queueEntry(item('Först'));
      await LHOutbox.queueEntry(item('Trasig \\ud800 titel'));
      await LHOutbox.queueEntry(item('Tvåa'));
      await LHOutbox.queueEntry(item('Trea'));
    })()""",
        today,
    )
    ring_is(page, 40)
    context.set_offline(False)
    page.wait_for_selector(".entry.invalid .entry-problem")
    wait_until(page, "LHOutbox.all().then((items) => items.length === 1)")
    assert sorted(e.title for e in entries_of(nora)) == ["Först", "Trea", "Tvåa"]
    # The reason, in her language, named by the field it is about.
    assert "Inte sparad: Titel: Inte giltig text." in page.inner_text(".entry.invalid")
    ring_is(page, 30)

    # She fixes the title and sends it again.
    page.click(".entry.invalid button:text-is('Rätta')")
    page.fill(".entry-edit [data-field=title] input", "Fyra")
    page.click(".entry-edit button[type=submit]")
    wait_until(page, EMPTY)
    assert sorted(e.title for e in entries_of(nora)) == ["Fyra", "Först", "Trea", "Tvåa"]
    ring_is(page, 40)
    assert page.locator(".entry.invalid").count() == 0


def test_changes_and_deletions_offline_are_applied_once_in_order(page, context, make_user, sign_in):
    lars = make_user("lars@acme.example", goal=60)
    today = local_today(lars.timezone)
    short, _ = log.log_entry(lars, {"date": today, "minutes": 10, "activity": "article", "title": "Short read"})
    long, _ = log.log_entry(lars, {"date": today, "minutes": 20, "activity": "book", "title": "Long read"})
    gone, _ = log.log_entry(lars, {"date": today, "minutes": 5, "activity": "video", "title": "Already gone"})
    db.session.commit()
    short_id, long_id, gone_id = short.id, long.id, gone.id
    sign_in(page, lars)
    controlled(page)
    ring_is(page, 35)
    context.set_offline(True)

    # A change: the ring and the row show it at once, marked as waiting.
    page.click(f".entry[data-id='{short_id}'] button:text-is('Edit')")
    page.fill(".entry-edit [data-field=minutes] input", "30")
    page.click(".entry-edit button[type=submit]")
    ring_is(page, 55)
    assert page.locator(f".entry.pending[data-id='{short_id}'] .badge.waiting").count() == 1
    # Changed once more: still one change waiting, with both.
    page.click(f".entry[data-id='{short_id}'] button:text-is('Edit')")
    page.fill(".entry-edit [data-field=title] input", "Not so short read")
    page.click(".entry-edit button[type=submit]")
    title = f"document.querySelector(\".entry[data-id='{short_id}'] .entry-title\")?.textContent"
    wait_until(page, f"{title} === 'Not so short read'")

    # Deletions: asked in the app, not by the browser.
    for entry_id in (long_id, gone_id):
        page.click(f".entry[data-id='{entry_id}'] button:text-is('Edit')")
        page.click(".entry-edit button:text-is('Delete')")
        page.click("#delete-entry-dialog button[data-value=delete]")
        wait_until(page, f"document.querySelector(\".entry[data-id='{entry_id}']\") === null")
    ring_is(page, 30)

    # A new entry, changed before it was ever sent: the waiting entry simply changes.
    log_minutes(page, 15, "New one")
    ring_is(page, 45)
    page.click(".entry.pending:has-text('New one') button:text-is('Edit')")
    page.fill(".entry-edit [data-field=minutes] input", "25")
    page.click(".entry-edit button[type=submit]")
    ring_is(page, 55)
    assert [(i["kind"], i["id"]) for i in device_items(page)][:3] == [
        ("change", f"change:{short_id}"),
        ("delete", f"delete:{long_id}"),
        ("delete", f"delete:{gone_id}"),
    ]
    assert [i["payload"]["minutes"] for i in device_items(page) if i["kind"] == "entry"] == [25]

    # Someone deleted one of them meanwhile on another device: that deletion counts as done.
    log.delete_entry(lars, log.own_entry(lars, gone_id))
    db.session.commit()
    context.set_offline(False)
    wait_until(page, EMPTY)
    stored = {e.title: e.minutes for e in entries_of(lars)}
    assert stored == {"Not so short read": 30, "New one": 25}
    wait_until(page, "document.querySelectorAll('.entry.pending').length === 0")
    assert ring_minutes(page) == 55
    assert page.errors == []


def test_signing_out_offers_to_send_first_and_clears_what_the_device_keeps(page, context, make_user, sign_in):
    maja = make_user("maja@acme.example")
    sign_in(page, maja)
    controlled(page)
    assert page.evaluate("caches.has('lh-data')") is True
    assert [p["id"] for p in device_profiles(page)] == [maja.id]
    # The server is away (not the network): the entry waits.
    context.route(
        "**/api/v1/entries**", lambda route: route.fulfill(status=503, body="{}", content_type="application/json")
    )
    log_minutes(page, 45, "Workshop notes", activity="workshop")
    wait_until(page, "LHOutbox.count().then((n) => n === 1)")

    sign_out(page)
    page.wait_for_selector("#sign-out-dialog")
    page.click("#sign-out-dialog button[data-value=send]")
    # Still refused: she is told, and stays signed in until she chooses.
    page.wait_for_selector("#sign-out-dialog")
    assert "1 change" in page.inner_text("#sign-out-dialog")
    context.unroute("**/api/v1/entries**")
    page.click("#sign-out-dialog button[data-value=send]")
    page.wait_for_selector("form [data-field=email] input")
    assert [(e.title, e.minutes) for e in entries_of(maja)] == [("Workshop notes", 45)]
    assert page.evaluate("caches.has('lh-data')") is False
    assert device_profiles(page) == [] and device_items(page) == []
    # Signed out on the server too: a start asks who you are.
    page.goto("/log")
    page.wait_for_selector("form [data-field=email] input")


def test_background_sync_sends_the_outbox_from_the_service_worker(page, context, make_user, sign_in):
    erik = make_user("erik@acme.example")
    sara = make_user("sara@acme.example")
    sign_in(page, erik)
    controlled(page)
    today = local_today(erik.timezone).isoformat()
    context.set_offline(True)
    log_minutes(page, 15, "Erik, sent by the worker")
    wait_until(page, "LHOutbox.count().then((n) => n === 1)")
    # An item of someone else on this device, which the worker must leave alone.
    page.evaluate(
        """([today, other]) => new Promise((resolve) => {
      const open = indexedDB.open('learning-hour');
      open.onsuccess = () => {
        const tx = open.result.transaction('outbox', 'readwrite');
        tx.objectStore('outbox').put({ id: crypto.randomUUID(), kind: 'entry', user_id: other, state: 'pending',
          queued_at: new Date().toISOString(), payload: { id: crypto.randomUUID(), date: today, minutes: 10,
          activity: 'book', title: 'Not Erik' } });
        tx.oncomplete = () => { open.result.close(); resolve(); };
      };
    })""",
        [today, sara.id],
    )
    # A page outside the app (the app would flush itself): only the worker can send now.
    context.set_offline(False)
    page.goto("/healthz")
    assert page.evaluate("typeof LHOutbox") == "undefined"
    page.evaluate("navigator.serviceWorker.ready.then((reg) => reg.sync.register('outbox'))")
    wait_for(lambda: entries_of(erik), what="the worker sending Erik's entry")
    assert [e.title for e in entries_of(erik)] == ["Erik, sent by the worker"]
    assert entries_of(sara) == []
    # The worker forgets Erik's item once the server's answer is back, a moment after the server stored it.
    wait_for(
        lambda: [(i["payload"]["title"], i["user_id"]) for i in device_items(page)] == [("Not Erik", sara.id)],
        what="the worker leaving only the other person's item on the device",
        pause=lambda seconds: page.wait_for_timeout(seconds * 1000),
    )
