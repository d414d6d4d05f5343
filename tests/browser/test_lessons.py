"""Lessons learned in a phone's browser: one person writes an anonymous lesson, another finds it by a
word from "what happened", sees no author, thanks it and logs reading it; lists seen stay readable offline."""

from datetime import timedelta

import pytest

from server.clock import utcnow
from server.extensions import db
from server.lessons.models import Lesson
from tests.browser.conftest import wait_until
from tests.lessons.test_lessons import share

pytestmark = pytest.mark.browser


def test_an_anonymous_lesson_is_found_by_another_and_shows_no_author(browser, live_server, page, org, sign_in):
    sign_in(page, org.erik, "/lessons")
    page.click("a[href='/lessons/new']")
    page.fill("[data-field=title] input", "Fredagsdeploy av betalflödet")
    page.click("[data-outcome=failure]")
    page.fill("[data-field=context] textarea", "Vi släppte en ny version av betalflödet.")
    page.fill("[data-field=what_happened] textarea", "Rollback took 2 h because the migration locked a table.")
    page.fill("[data-field=learned] textarea", "Släpp tidigt i veckan, bakom en flagga.")
    page.fill("[data-field=tags] input", "release, drift")
    page.check("#lesson-anonymous")
    page.click(".lesson-form button[type=submit]")
    page.wait_for_url("**/lessons")
    page.wait_for_selector(".lesson-card")
    assert page.title() == "Lessons learned · Learning Hour"
    [lesson] = db.session.scalars(db.select(Lesson)).all()
    assert lesson.anonymous and lesson.author_id == org.erik.id

    other = browser.new_context(
        viewport={"width": 390, "height": 844}, base_url=live_server, locale="en-GB", timezone_id="Europe/Stockholm"
    )
    nora = sign_in(other.new_page(), org.nora, "/lessons")
    nora.fill(".lesson-search input", "ROLLBACK")
    wait_until(nora, "document.querySelectorAll('.lesson-card').length === 1 && location.search.includes('ROLLBACK')")
    card = nora.locator(".lesson-card")
    text = card.inner_text()
    assert "Fredagsdeploy av betalflödet" in text and "Shared anonymously" in text
    assert org.erik.name not in nora.content() and "Erik" not in text
    card.locator("summary").click()
    assert "Rollback took 2 h" in card.inner_text()
    card.locator("button.thanks").click()
    wait_until(nora, "document.querySelector('.lesson-card button.thanks').getAttribute('aria-pressed') === 'true'")
    assert "· 1" in card.locator("button.thanks").inner_text()
    card.locator("button", has_text="Log reading").click()
    nora.wait_for_selector(".lesson-card .badge.logged")
    other.close()

    page.reload()
    page.wait_for_selector(".lesson-card")
    mine = page.locator(".lesson-card")
    assert mine.locator("button.thanks").count() == 0  # the author sees the count, not a button
    assert "1 said thank you" in mine.inner_text()
    assert page.errors == []


def test_lists_seen_stay_readable_offline(page, context, org, sign_in, login):
    login(org.erik).post(
        "/api/v1/lessons", json={"title": "Offline läsbar", "learned": "Cachen räcker", "outcome": "success"}
    )
    starts_at = (utcnow() + timedelta(days=30)).replace(hour=7, minute=0, second=0, microsecond=0)
    planned = login(org.erik).post(
        "/api/v1/sessions", json={"title": "Offline frukost", "starts_at": starts_at.isoformat()}
    )
    assert planned.status_code == 201
    sign_in(page, org.sara)
    wait_until(page, "navigator.serviceWorker.controller !== null")
    for path, selector in (("/sessions", ".session-card"), ("/lessons", ".lesson-card"), ("/log", "#week-ring")):
        page.goto(path)  # seen once with the service worker in charge
        page.wait_for_selector(selector)
    context.set_offline(True)
    page.click("#lessons-link")
    page.wait_for_selector(".lesson-card")
    assert "Offline läsbar" in page.inner_text(".lesson-list")
    page.goto("/sessions")  # a cold start offline: the shell and the data from the service worker
    page.wait_for_selector(".session-card")
    assert "Offline frukost" in page.inner_text(".session-list")
    assert not page.is_hidden("#offline")
    context.set_offline(False)


def test_the_author_changes_a_lesson_then_deletes_it(page, org, sign_in, login):
    written = share(login(org.sara), title="Retro utan agenda")
    sign_in(page, org.sara, "/lessons")
    page.click(f".lesson-card a[href='/lessons/{written['id']}/edit']")
    page.wait_for_selector(".lesson-form")
    page.fill("[data-field=title] input", "Retro med en fråga i taget")
    page.click(".lesson-form button[type=submit]")
    page.wait_for_url("**/lessons*")
    wait_until(
        page,
        "[...document.querySelectorAll('.lesson-title')].some((e) => e.textContent === 'Retro med en fråga i taget')",
    )
    db.session.expire_all()
    assert db.session.get(Lesson, written["id"]).title == "Retro med en fråga i taget"

    page.click(f".lesson-card a[href='/lessons/{written['id']}/edit']")
    page.click(".lesson-form button.danger")
    assert "Delete this lesson?" in page.inner_text("dialog.dialog")
    page.click("dialog.dialog button[data-value=yes]")
    page.wait_for_url("**/lessons*")
    db.session.expire_all()
    assert db.session.get(Lesson, written["id"]) is None
    assert page.errors == []
