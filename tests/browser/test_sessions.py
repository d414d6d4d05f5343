"""Knowledge sessions in a phone's browser: plan one with two places, three people want to come (the
third is told kindly it is full), "I was there" moves the ring once; the Log screen and the side bar
lead there; the calendar link."""

from datetime import UTC, datetime, timedelta

import pytest

from server.extensions import db
from server.log.models import Entry
from server.sessions.models import KnowledgeSession
from tests.browser.conftest import ring_minutes, wait_until
from tests.sessions.helpers import plan

pytestmark = pytest.mark.browser


def _card(page, title: str):
    return page.locator(".session-card", has=page.locator(".session-title", has_text=title))


def test_two_places_three_people_and_i_was_there_moves_the_ring_once(browser, live_server, page, org, sign_in):
    sign_in(page, org.erik, "/sessions")
    page.click("a[href='/sessions/new']")
    page.fill("[data-field=title] input", "Frukost: testning")
    page.fill("[data-field=starts_at] input", (datetime.now() + timedelta(days=2)).strftime("%Y-%m-%d"))
    page.fill("[data-field=time] input", "08:00")
    page.fill("[data-field=ends_at] input", "09:00")
    page.fill("[data-field=place] input", "Kafét")
    page.fill("[data-field=capacity] input", "2")
    page.click(".session-form button[type=submit]")
    page.wait_for_url("**/sessions/*")
    page.wait_for_selector(".session-card h1")
    assert page.title() == "Knowledge sessions · Learning Hour"
    assert "08:00" in page.inner_text(".session-when") and "2 places left" in page.inner_text(".session-facts")
    [session] = db.session.scalars(db.select(KnowledgeSession)).all()

    pages = {}
    for person in (org.sara, org.nora, org.lars):
        context = browser.new_context(
            viewport={"width": 390, "height": 844}, base_url=live_server, locale="en-GB", timezone_id="Europe/Stockholm"
        )
        pages[person.email] = sign_in(context.new_page(), person, "/sessions")
        _card(pages[person.email], "Frukost: testning").wait_for()
    sara, nora, lars = (pages[p.email] for p in (org.sara, org.nora, org.lars))
    _card(sara, "Frukost: testning").locator("button", has_text="Join").click()
    sara.wait_for_selector(".badge.coming")
    _card(nora, "Frukost: testning").locator("button", has_text="Join").click()
    nora.wait_for_selector(".badge.coming")
    # Lars opened the list while a place was left; he taps Join after Nora took it.
    _card(lars, "Frukost: testning").locator("button", has_text="Join").click()
    lars.wait_for_selector("#toast:not([hidden])")
    assert "full" in lars.inner_text("#toast") and "2" in lars.inner_text("#toast")
    wait_until(lars, "document.querySelector('.session-card .badge.full') !== null")
    assert "2 coming" in _card(lars, "Frukost: testning").inner_text()

    # It starts: time moves on.
    starts = datetime.now(UTC) - timedelta(minutes=5)
    db.session.execute(
        db.update(KnowledgeSession).values(
            starts_at=starts, ends_at=starts + timedelta(minutes=45), finishes_at=starts + timedelta(minutes=45)
        )
    )
    db.session.commit()
    sara.goto("/log")
    sara.wait_for_selector("#week-ring")
    assert ring_minutes(sara) == 0
    sara.click("#next-session-link")
    sara.wait_for_url(f"**/sessions/{session.id}")
    sara.click("button:text-is('I was there')")
    sara.wait_for_selector(".badge.logged")
    sara.goto("/log")
    sara.wait_for_selector("#week-ring")
    wait_until(sara, "document.querySelector('#week-ring').dataset.minutes === '45'")
    sara.goto(f"/sessions/{session.id}")
    sara.wait_for_selector(".badge.logged")
    assert sara.locator("button:text-is('I was there')").count() == 0
    assert db.session.scalar(db.select(db.func.count()).select_from(Entry).where(Entry.user_id == org.sara.id)) == 1
    for other in pages.values():
        other.context.close()
    assert page.errors == []


def test_the_log_screen_and_the_side_bar_lead_to_sessions_and_lessons(browser, live_server, page, org, sign_in):
    sign_in(page, org.erik)
    page.wait_for_selector("#week-ring")
    wait_until(page, "document.querySelector('#next-session-link').innerText.includes('Nothing planned yet')")
    assert page.locator("#nav a[href='/sessions']").is_hidden()  # phones: the tab bar stays as it is
    page.click("#lessons-link")
    page.wait_for_url("**/lessons")
    page.wait_for_selector(".lesson-search")
    wide = browser.new_context(
        viewport={"width": 1280, "height": 800}, base_url=live_server, locale="sv-SE", timezone_id="Europe/Stockholm"
    )
    desk = sign_in(wide.new_page(), org.maja)
    desk.click("#nav a[href='/sessions']")
    desk.wait_for_url("**/sessions")
    desk.wait_for_selector(".screen-sessions h1")
    assert desk.inner_text(".screen-sessions h1") == "Knowledge sessions"
    assert desk.locator("#nav a[href='/lessons']").is_visible()
    wide.close()


def test_my_calendar_link(page, org, sign_in, context):
    sign_in(page, org.sara, "/sessions")
    page.wait_for_selector("#calendar-subscribe")
    first = page.get_attribute("#calendar-subscribe", "href")
    assert first.startswith("webcal://") and first.endswith(".ics")
    page.click("button:text-is('Reset link')")
    page.click("dialog button[data-value=yes]")
    wait_until(page, f"document.querySelector('#calendar-subscribe').href !== '{first}'")
    assert page.input_value(".calendar-url").startswith("http")


def test_the_planner_changes_a_session_then_cancels_it_and_those_coming_are_counted(page, org, sign_in, login):
    planned = plan(
        login(org.erik),
        title="Lunchprat",
        capacity=10,
        starts_at=(datetime.now(UTC) + timedelta(days=3)).isoformat(),
        ends_at=(datetime.now(UTC) + timedelta(days=3, minutes=40)).isoformat(),
    )
    for person in (org.sara, org.nora):
        assert login(person).put(f"/api/v1/sessions/{planned['id']}/rsvp").status_code == 201
    sign_in(page, org.erik, f"/sessions/{planned['id']}")
    page.click(f"a[href='/sessions/{planned['id']}/edit']")
    page.wait_for_selector(".session-form")
    page.fill("[data-field=title] input", "Lunchprat: flaggor i produktion")
    page.click(".session-form button[type=submit]")
    wait_until(page, "document.querySelector('.session-card h1')?.textContent === 'Lunchprat: flaggor i produktion'")
    db.session.expire_all()
    assert db.session.get(KnowledgeSession, planned["id"]).title == "Lunchprat: flaggor i produktion"

    page.click("button:text-is('Cancel session')")
    page.wait_for_selector("dialog.dialog")
    assert "The 2 people coming will be told." in page.inner_text("dialog.dialog")
    page.click("dialog.dialog button[data-value=yes]")
    wait_until(page, "document.querySelector('#toast')?.textContent.startsWith('Cancelled')")  # after "Saved."
    db.session.expire_all()
    assert db.session.get(KnowledgeSession, planned["id"]).cancelled_at is not None
    assert page.locator("button:text-is('Cancel session')").count() == 0
    assert page.errors == []
