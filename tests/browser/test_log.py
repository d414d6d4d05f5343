"""The Log screen in a phone's browser: sign in, log, see the ring move; offline and back, exactly once."""

import pytest
from sqlalchemy import select

from server.extensions import db
from server.log.models import Entry
from tests.browser.conftest import log_minutes, ring_minutes, wait_until
from tests.browser.device import device_items

pytestmark = pytest.mark.browser


def entries_of(user):
    db.session.expire_all()
    return db.session.scalars(select(Entry).where(Entry.user_id == user.id)).all()


def test_sign_in_log_an_entry_and_the_ring_moves(page, make_user, sign_in):
    erik = make_user("erik@acme.example", goal=60)
    sign_in(page, erik)
    page.wait_for_selector("#week-ring")
    assert ring_minutes(page) == 0
    assert "1 hour left" in page.inner_text(".left-words")

    log_minutes(page, 25, "Design podcast")
    wait_until(page, "document.querySelector('#week-ring').dataset.minutes === '25'")
    assert "35 minutes left" in page.inner_text(".left-words")
    assert page.locator(".entry-list .entry-title", has_text="Design podcast").count() == 1
    [stored] = entries_of(erik)
    assert (stored.minutes, stored.title, stored.activity) == (25, "Design podcast", "podcast")
    assert page.errors == []


def test_an_entry_can_be_edited(page, make_user, sign_in):
    erik = make_user("erik@acme.example")
    sign_in(page, erik)
    log_minutes(page, 10, "Short read", activity="article")
    page.wait_for_selector(".entry-list .entry button:text-is('Edit')")
    page.click(".entry-list .entry button:text-is('Edit')")
    page.fill(".entry-edit [data-field=minutes] input", "20")
    page.click(".entry-edit button[type=submit]")
    wait_until(page, "document.querySelector('#week-ring').dataset.minutes === '20'")
    assert [e.minutes for e in entries_of(erik)] == [20]


def test_offline_entries_wait_then_reach_the_server_exactly_once(page, context, make_user, sign_in):
    sara = make_user("sara@acme.example", goal=60)
    sign_in(page, sara)
    wait_until(page, "navigator.serviceWorker.controller !== null")
    # Once more online with the service worker in charge, so it has the last-seen data.
    page.reload()
    page.wait_for_selector("#week-ring")

    context.set_offline(True)
    page.reload()  # the app shell and the week come from the service worker
    page.wait_for_selector("#week-ring")
    assert ring_minutes(page) == 0
    log_minutes(page, 15, "Offline podcast")
    wait_until(page, "document.querySelector('#week-ring').dataset.minutes === '15'")
    log_minutes(page, 25, "Offline article", activity="article")
    wait_until(page, "document.querySelector('#week-ring').dataset.minutes === '40'")
    assert page.locator(".entry.pending .badge.waiting").count() == 2
    assert not page.is_hidden("#offline")
    assert entries_of(sara) == []

    context.set_offline(False)
    wait_until(page, "LHOutbox.all().then((items) => items.length === 0)")
    wait_until(page, "document.querySelectorAll('.entry.pending').length === 0")
    stored = entries_of(sara)
    assert sorted((e.title, e.minutes) for e in stored) == [("Offline article", 25), ("Offline podcast", 15)]
    wait_until(page, "document.querySelector('#week-ring').dataset.minutes === '40'")  # now from the server
    assert page.errors == []


def test_an_invalid_offline_entry_is_shown_and_kept_until_dismissed(page, make_user, sign_in):
    nora = make_user("nora@acme.example")
    sign_in(page, nora)
    page.wait_for_selector("#week-ring")
    # An entry for a day long before the log began: the server refuses it on replay.
    page.evaluate("""() => LHOutbox.queueEntry({id: crypto.randomUUID(), date: '1999-12-31', minutes: 15,
                                                activity: 'podcast', title: 'Too old'})""")
    page.evaluate("window.dispatchEvent(new Event('outbox-queued'))")
    page.wait_for_selector(".entry.invalid .entry-problem")
    assert "Not saved" in page.inner_text(".entry.invalid")
    assert page.evaluate("LHOutbox.all().then((items) => items.map((i) => i.state))") == ["invalid"]
    page.click(".entry.invalid button:text-is('Dismiss')")
    wait_until(page, "LHOutbox.all().then((items) => items.length === 0)")
    assert entries_of(nora) == []


def test_a_lapsed_session_keeps_the_entry_and_asks_to_sign_in_again(page, context, make_user, sign_in):
    lars = make_user("lars@acme.example")
    sign_in(page, lars)
    page.wait_for_selector("#week-ring")
    context.clear_cookies()  # the session ran out
    log_minutes(page, 45, "Webinar on support tools", activity="webinar")
    page.wait_for_selector("form [data-field=email] input")
    assert "/login" in page.url
    # Kept on the device for Lars, and seen by nobody while nobody is signed in.
    kept = [(i["payload"]["title"], i["user_id"]) for i in device_items(page)]
    assert kept == [("Webinar on support tools", lars.id)]
    assert page.evaluate("LHOutbox.all()") == []
    assert entries_of(lars) == []
    sign_in(page, lars)
    wait_until(page, "LHOutbox.all().then((items) => items.length === 0)")
    assert [(e.title, e.minutes) for e in entries_of(lars)] == [("Webinar on support tools", 45)]


def test_log_it_is_in_reach_on_the_first_screen_above_the_tab_bar(page, make_user, sign_in):
    sign_in(page, make_user("erik@acme.example"))
    page.wait_for_selector("#week-ring")
    # On a phone the form runs past the first screen; its action stays above the tab bar and takes a tap.
    place = page.evaluate(
        """() => {
      const button = document.querySelector('.quick-log button[type=submit]').getBoundingClientRect();
      const nav = document.querySelector('#nav').getBoundingClientRect();
      const hit = document.elementFromPoint(button.x + button.width / 2, button.y + button.height / 2);
      return { above: button.bottom <= nav.top, shown: button.top >= 0, hit: hit?.textContent, scrolled: scrollY };
    }"""
    )
    assert place == {"above": True, "shown": True, "hit": "Log it", "scrolled": 0}
