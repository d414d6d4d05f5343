"""Starting the installed app underground: the person last signed in on this device lands on Log, in
their language, with the week as last seen, logs, and everything reaches the server once the network is
back, without a reload. Only the server saying "nobody is signed in" leads to the sign-in screen."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from server.clock import local_today
from server.extensions import db
from server.log import service as log
from server.log.models import Entry
from tests.browser.conftest import log_minutes, ring_minutes, wait_until
from tests.browser.device import controlled, device_items, device_profiles

pytestmark = pytest.mark.browser


def entries_of(user) -> list[Entry]:
    db.session.expire_all()
    return db.session.scalars(select(Entry).where(Entry.user_id == user.id)).all()


def fresh_page(context):
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    return page


def test_a_cold_start_offline_lands_on_log_and_syncs_exactly_once(page, context, make_user, sign_in):
    sara = make_user("sara@acme.example", goal=60, locale="sv")
    today = local_today(sara.timezone)
    log.log_entry(sara, {"date": today, "minutes": 30, "activity": "book", "title": "Kapitel 1"})
    log.log_entry(sara, {"date": today - timedelta(days=7), "minutes": 60, "activity": "book", "title": "Förra veckan"})
    db.session.commit()
    sign_in(page, sara)
    page.wait_for_selector("#week-ring")
    controlled(page)
    streak = page.inner_text(".streak")

    context.set_offline(True)
    page.close()
    tunnel = fresh_page(context)
    tunnel.goto("/")
    tunnel.wait_for_selector("#week-ring")
    assert tunnel.url.endswith("/log") or tunnel.url.endswith("/")
    assert tunnel.inner_text("#who") == "Hej Sara"
    assert tunnel.evaluate("document.documentElement.lang") == "sv"
    assert tunnel.inner_text("#week-title") == "Den här veckan"
    assert ring_minutes(tunnel) == 30
    assert "Kapitel 1" in tunnel.inner_text(".entry-list")
    assert tunnel.inner_text(".streak") == streak == "1 vecka i rad"
    assert not tunnel.is_hidden("#offline")
    tunnel.evaluate("window.sameDocument = true")

    log_minutes(tunnel, 15, "Podd i tunneln")
    wait_until(tunnel, "document.querySelector('#week-ring').dataset.minutes === '45'")
    assert tunnel.locator(".entry.pending .badge.waiting").count() == 1
    assert sorted(e.title for e in entries_of(sara)) == ["Förra veckan", "Kapitel 1"]

    context.set_offline(False)
    wait_until(tunnel, "LHOutbox.all().then((items) => items.length === 0)")
    wait_until(tunnel, "document.querySelectorAll('.entry.pending').length === 0")
    assert sorted((e.title, e.minutes) for e in entries_of(sara)) == [
        ("Förra veckan", 60),
        ("Kapitel 1", 30),
        ("Podd i tunneln", 15),
    ]
    # A refresh that read the week just before the sync landed is followed by one more.
    wait_until(tunnel, "document.querySelector('#week-ring').dataset.minutes === '45'")
    assert tunnel.evaluate("window.sameDocument") is True  # carried on without a reload
    wait_until(tunnel, "document.getElementById('offline').hidden")

    # The session is confirmed again: the next entry goes straight to the server.
    log_minutes(tunnel, 10, "Efter tunneln", activity="article")
    wait_until(tunnel, "document.querySelector('#week-ring').dataset.minutes === '55'")
    assert device_items(tunnel) == []
    assert sorted(e.minutes for e in entries_of(sara)) == [10, 15, 30, 60]
    # Another start, another flush: nothing is sent twice.
    tunnel.reload()
    tunnel.wait_for_selector("#week-ring")
    assert len(entries_of(sara)) == 4
    assert tunnel.errors == []


def test_offline_start_without_anyone_signed_in_here_shows_sign_in(context, live_server):
    context.set_offline(False)
    page = fresh_page(context)
    page.goto("/log")
    page.wait_for_selector("form [data-field=email] input")
    wait_until(page, "navigator.serviceWorker.controller !== null")
    context.set_offline(True)
    page.reload()
    page.wait_for_selector("form [data-field=email] input")
    assert "/login" in page.url


def test_only_the_server_saying_nobody_sends_to_sign_in(page, context, make_user, sign_in):
    nora = make_user("nora@acme.example", locale="nb")
    sign_in(page, nora)
    page.wait_for_selector("#week-ring")
    controlled(page)
    assert [p["id"] for p in device_profiles(page)] == [nora.id]

    # Without a network: still Nora, in Norwegian.
    context.set_offline(True)
    page.reload()
    page.wait_for_selector("#week-ring")
    assert page.inner_text("#who") == "Hei Nora"

    # With a network and the session gone: the sign-in screen, in her language; and from then on an
    # offline start no longer pretends she is signed in.
    context.set_offline(False)
    context.clear_cookies()
    page.reload()
    page.wait_for_selector("form [data-field=email] input")
    assert page.inner_text("form button[type=submit]") == "Logg inn"
    context.set_offline(True)
    page.reload()
    page.wait_for_selector("form [data-field=email] input")
    assert "/login" in page.url


def test_the_session_ending_while_offline_is_noticed_when_back(page, context, make_user, sign_in):
    lars = make_user("lars@acme.example")
    sign_in(page, lars)
    page.wait_for_selector("#week-ring")
    controlled(page)
    context.set_offline(True)
    page.reload()
    page.wait_for_selector("#week-ring")
    log_minutes(page, 25, "Kept for Lars")
    wait_until(page, "document.querySelector('#week-ring').dataset.minutes === '25'")
    context.clear_cookies()  # the session ran out meanwhile
    context.set_offline(False)
    page.wait_for_selector("form [data-field=email] input")
    assert entries_of(lars) == []
    assert [(i["payload"]["title"], i["user_id"]) for i in device_items(page)] == [("Kept for Lars", lars.id)]
    sign_in(page, lars)
    wait_until(page, "LHOutbox.all().then((items) => items.length === 0)")
    assert [(e.title, e.minutes) for e in entries_of(lars)] == [("Kept for Lars", 25)]
