"""Mentoring in a phone's browser: Erik offers to mentor from the screen he reaches from Log, Sara finds
him by topic and asks, he accepts and logs their first meeting, and both weeks grow by it; a meeting
logged without a network waits in the outbox and is sent once."""

import pytest

from server.extensions import db
from server.log.models import Entry
from server.mentoring.models import Meeting
from tests.browser.conftest import PHONE, ring_minutes, wait_until
from tests.mentoring.helpers import pair

pytestmark = pytest.mark.browser


def _ring(page) -> int:
    page.goto("/log")
    page.wait_for_selector("#week-ring")
    return ring_minutes(page)


def test_offer_find_ask_accept_meet_and_both_weeks_grow(browser, live_server, page, org, sign_in):
    sign_in(page, org.erik)
    before_erik = _ring(page)
    page.click("#mentoring-link")
    page.wait_for_selector("#pairings")
    assert page.title() == "Mentoring · Learning Hour"
    assert "No pairings yet" in page.inner_text("#pairings")
    page.click("#post-offer summary")
    page.click(".offer-form [data-kind=mentor]")
    page.fill(".offer-form [data-field=topics] input", "SQL, Query plans")
    page.fill(".offer-form [data-field=note] textarea", "Lunch on Thursdays")
    page.click(".offer-form button[type=submit]")
    page.wait_for_selector("#mine .mentoring-card")
    assert "#query plans #sql" in page.inner_text("#mine")

    other = browser.new_context(viewport=PHONE, base_url=live_server, locale="en-GB", timezone_id="Europe/Stockholm")
    sara = sign_in(other.new_page(), org.sara)
    before_sara = _ring(sara)
    sara.goto("/mentoring")
    sara.wait_for_selector("#offers")
    sara.fill("#offers input[type=search]", "SQL")
    wait_until(
        sara, "location.search.includes('topic=SQL') && document.querySelectorAll('#offer-list .offer').length === 1"
    )
    card = sara.locator("#offer-list .offer")
    assert "Erik · Product" in card.inner_text() and "Lunch on Thursdays" in card.inner_text()
    card.locator("button", has_text="Ask").click()
    card.locator("textarea").fill("Kan vi börja med frågeplaner?")
    card.locator("button[type=submit]").click()
    sara.wait_for_selector("#offer-list .offer .badge:has-text('waiting for an answer')")

    page.goto("/log")
    page.wait_for_selector("#mentoring-link .link-sub:has-text('1 request waiting for you')")
    page.click("#mentoring-link")
    page.wait_for_selector("#waiting .mentoring-card")
    assert "Kan vi börja med frågeplaner?" in page.inner_text("#waiting")
    page.locator("#waiting button", has_text="Yes, let's").click()
    page.wait_for_selector("#pairings .pairing")
    pairing = page.locator("#pairings .pairing")
    assert "You mentor Sara" in pairing.inner_text()
    pairing.locator("button", has_text="Log a meeting").click()
    pairing.locator(".preset[data-minutes='45']").click()
    pairing.locator("[data-field=note] textarea").fill("Sara wants EXPLAIN ANALYZE next")
    pairing.locator(".meeting-form button[type=submit]").click()
    wait_until(page, "(document.querySelector('#pairings .meeting-facts') || {}).textContent?.startsWith('1 meeting')")

    assert _ring(page) == before_erik + 45
    assert _ring(sara) == before_sara + 45
    sara.goto("/mentoring")
    sara.wait_for_selector("#pairings .pairing")
    assert "Erik mentors you" in sara.inner_text("#pairings")
    assert "EXPLAIN" not in sara.content()  # Erik's note is his
    assert page.errors == []
    other.close()


def test_a_meeting_logged_offline_waits_and_is_sent_once(page, context, org, sign_in, login):
    pair(login(org.erik), login(org.sara), topics=["Kafka"])
    sign_in(page, org.sara, "/mentoring")
    card = page.locator("#pairings .pairing")
    card.wait_for()
    context.set_offline(True)
    card.locator("button", has_text="Log a meeting").click()
    card.locator(".preset[data-minutes='30']").click()
    card.locator(".meeting-form button[type=submit]").click()
    page.wait_for_selector("#pairings .badge.waiting:has-text('Meeting waiting to sync')")
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count()).select_from(Meeting)) == 0
    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    wait_until(
        page,
        "!document.querySelector('#pairings .badge.waiting') && "
        "(document.querySelector('#pairings .meeting-facts') || {}).textContent?.startsWith('1 meeting')",
    )
    page.evaluate("window.dispatchEvent(new Event('outbox-queued'))")  # another flush finds nothing to send
    page.reload()
    page.wait_for_selector("#pairings .pairing")
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count()).select_from(Meeting)) == 1
    minutes = dict(
        db.session.execute(db.select(Entry.user_id, db.func.sum(Entry.minutes)).group_by(Entry.user_id)).all()
    )
    assert minutes == {org.erik.id: 30, org.sara.id: 30}
    assert page.errors == []


def test_removing_a_meeting_takes_it_from_both_weeks(page, org, sign_in, login):
    erik, sara = login(org.erik), login(org.sara)
    pairing = pair(erik, sara, topics=["Go"])
    assert sara.post(f"/api/v1/mentoring/pairings/{pairing}/meetings", json={"minutes": 25}).status_code == 201
    sign_in(page, org.erik)
    assert _ring(page) == 25
    page.goto(f"/mentoring?team={org.product.id}")
    card = page.locator("#pairings .pairing")
    card.locator(".meeting-list summary").click()
    card.locator(".meetings .entry button", has_text="Remove").click()
    page.click("dialog[open] button[data-value=remove]")
    page.wait_for_selector("#pairings .meeting-facts:has-text('No meetings yet')")
    assert page.locator(".team-filter").input_value() == str(org.product.id)
    assert _ring(page) == 0
    assert login(org.sara).get("/api/v1/me/weeks/current").get_json()["minutes"] == 0
    assert page.errors == []


def test_an_admin_sees_how_much_mentoring_goes_on_and_never_who(page, org, sign_in, login):
    pair(login(org.erik), login(org.sara), topics=["Go"])
    sign_in(page, org.admin, "/mentoring")
    text = page.wait_for_selector("#mentoring-counts:not(:empty)").inner_text()
    assert "1 pairings going on" in text or "1 pågående par" in text
    # The offer itself is public (who offers); who took it up is not shown to the admin anywhere.
    assert page.locator("#pairings .pairing").count() == 0 and "Sara" not in page.inner_text("main")
    page.context.clear_cookies()
    sign_in(page, org.erik, "/mentoring")
    page.wait_for_selector("#offer-list li")
    assert page.locator("#mentoring-counts").inner_text() == ""  # only admins see the counts
    assert page.errors == []
