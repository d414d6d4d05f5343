"""The bank's tools in a real browser: importing a bookmark file with a progress bar, exporting,
the bookmarklet, changing and removing a resource, the week's shelf and the Monday digest switch."""

import pytest

from bench.bank_import import bookmark_file
from server.bank import service as bank
from server.bank import social
from server.bank.models import Resource
from server.extensions import db
from server.reminders import service as reminders
from tests.browser.conftest import PHONE, wait_until

pytestmark = pytest.mark.browser


def settle(page) -> None:
    """Let the screen's own requests finish, so that none is still in the server when the test's
    database is emptied (on PostgreSQL a request holding locks would deadlock with that)."""
    page.wait_for_load_state("networkidle")


WATCH_STATUS = """() => {
  window.__statuses = [];
  const status = document.querySelector('#import-status');
  new MutationObserver(() => window.__statuses.push(status.textContent))
    .observe(status, { childList: true, characterData: true, subtree: true });
}"""


def test_importing_bookmarks_shows_progress_and_fills_the_bank(page, org, sign_in, tmp_path):
    file = tmp_path / "bookmarks.html"
    file.write_text(bookmark_file(2000, duplicates=5, invalid=3))
    sign_in(page, org.erik, "/settings")
    page.wait_for_selector("#bookmark-file")
    page.click("#import-bookmarks")
    assert "Choose a file first." in page.inner_text("section[aria-labelledby=s-bookmarks]")
    page.set_input_files("#bookmark-file", str(file))
    page.evaluate(WATCH_STATUS)
    page.click("#import-bookmarks")
    wait_until(page, "document.querySelector('#import-status').textContent.includes('new in the bank')", timeout=30)
    status = page.inner_text("#import-status")
    assert status == "2,000 new in the bank. 0 were already there (tags added). 3 were not web addresses."
    seen = page.evaluate("window.__statuses")
    assert any(text.startswith("Uploading…") for text in seen) and "Reading your bookmarks…" in seen
    assert page.get_attribute("#import-progress", "value") == "100"
    assert db.session.scalar(db.select(db.func.count()).select_from(Resource)) == 2000
    page.goto("/bank?q=ledarskap")
    page.wait_for_selector(".resource-card")
    settle(page)


def test_exports_download_bookmark_files(page, org, sign_in):
    bank.add_resource(org.sara, {"url": "https://example.com/export-me", "kind": "book", "title": "Team & flow"})
    db.session.commit()
    sign_in(page, org.erik, "/settings")
    with page.expect_download() as download:
        page.click("#export-bank")
    path = download.value.path()
    assert download.value.suggested_filename.startswith("learning-hour-bank-")
    text = open(path, encoding="utf-8").read()
    assert '<DT><A HREF="https://example.com/export-me"' in text and "Team &amp; flow" in text
    settle(page)


def test_the_bookmarklet_opens_the_add_screen_from_another_page(page, org, sign_in, live_server):
    sign_in(page, org.erik, "/settings")
    page.wait_for_selector("#bookmarklet")
    code = page.get_attribute("#bookmarklet", "href")
    assert code.startswith("javascript:") and f"'{live_server}/add?url='" in code
    page.click("#bookmarklet")  # here it only says to drag it to the bookmarks bar
    assert page.url.endswith("/settings")
    assert "Drag it" in page.inner_text("section[aria-labelledby=s-bookmarklet]")
    # Another site (answered here, not fetched): the bookmarklet runs there as the browser would run it.
    page.route(
        "https://example.com/**",
        lambda route: route.fulfill(
            status=200, content_type="text/html", body="<title>Ledarskap &amp; feedback</title><p>Article</p>"
        ),
    )
    page.goto("https://example.com/artikel?id=7&lang=sv")
    opened = page.evaluate(
        """(code) => {
      let url = null;
      window.open = (target) => { url = target; return null; };
      (0, eval)(decodeURIComponent(code.slice('javascript:'.length)));
      return url;
    }""",
        code,
    )
    assert opened.startswith(f"{live_server}/add?url=")
    page.goto(opened)
    page.wait_for_selector("form.add-form")
    assert page.input_value("[data-field=url] input") == "https://example.com/artikel?id=7&lang=sv"
    assert page.input_value("[data-field=title] input") == "Ledarskap & feedback"
    settle(page)


def test_the_bookmarklet_is_for_desktop_browsers(browser, live_server, org):
    phone = browser.new_context(
        viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True, base_url=live_server, locale="en-GB"
    )
    try:
        page = phone.new_page()
        page.goto("/login?next=/settings")
        page.fill("input[type=email]", org.erik.email)
        page.fill("input[type=password]", "correct horse battery")
        page.click("form button[type=submit]")
        page.wait_for_selector("#bookmark-file")
        settle(page)
        assert page.locator("#bookmarklet").count() == 0
    finally:
        phone.close()


def test_the_sharer_changes_and_removes_a_resource(page, browser, live_server, org, sign_in, login):
    resource, _ = bank.add_resource(
        org.sara, {"url": "https://example.com/typo", "kind": "article", "title": "Feedbak", "tags": ["feedback"]}
    )
    db.session.commit()
    colleague = browser.new_context(viewport=PHONE, base_url=live_server, locale="en-GB")
    try:
        other = sign_in(colleague.new_page(), org.erik, f"/bank/{resource.id}")
        other.wait_for_selector(".resource-detail")
        settle(other)
        assert other.locator("#edit-resource").count() == 0, "only the sharer and admins change it"
    finally:
        colleague.close()
    sign_in(page, org.sara, f"/bank/{resource.id}")
    page.click("#edit-resource")
    page.fill("#resource-edit [data-field=title] input", "Feedback that works")
    page.fill("#resource-edit [data-field=tags] input", "feedback, chefer")
    page.fill("#resource-edit [data-field=duration_minutes] input", "12")
    page.click("#save-resource-changes")
    wait_until(page, "document.querySelector('h1')?.textContent === 'Feedback that works'")
    db.session.expire_all()
    changed = db.session.get(Resource, resource.id)
    assert (changed.title, changed.duration_minutes, changed.tags_text) == (
        "Feedback that works",
        12,
        "feedback chefer",
    )
    page.click("#remove-resource")
    page.wait_for_selector("dialog.dialog")
    assert "Remove this from the bank?" in page.inner_text("dialog.dialog")
    page.click("dialog.dialog button[data-value=no]")
    page.wait_for_selector("dialog.dialog", state="detached")  # the dialog leaves on its close event
    assert db.session.get(Resource, resource.id).removed_at is None
    page.click("#remove-resource")
    page.click("dialog.dialog button[data-value=yes]")
    page.wait_for_url("**/bank")
    db.session.expire_all()
    assert db.session.get(Resource, resource.id).removed_at is not None
    assert login(org.erik).get(f"/api/v1/resources/{resource.id}").status_code == 404
    settle(page)


def test_the_bank_shows_this_weeks_shelf(page, org, sign_in):
    hot, _ = bank.add_resource(org.sara, {"url": "https://example.com/hot", "kind": "podcast", "title": "Hot episode"})
    bank.add_resource(org.sara, {"url": "https://example.com/quiet", "kind": "article", "title": "Quiet article"})
    for person in (org.erik, org.nora):
        social.save(person, hot)
    social.react(org.nora, hot)
    db.session.commit()
    sign_in(page, org.maja, "/bank")
    page.wait_for_selector("#popular-shelf")
    cards = page.locator("#popular-shelf .shelf-card").all_inner_texts()
    assert len(cards) == 1 and "Hot episode" in cards[0] and "2 saves" in cards[0] and "1 found it worth it" in cards[0]
    page.fill("input[type=search]", "quiet")
    wait_until(page, "!document.querySelector('#popular-shelf')")
    settle(page)


def test_the_monday_digest_is_switched_on_in_settings(page, org, sign_in):
    sign_in(page, org.erik, "/settings")
    page.wait_for_selector("#weekly-digest")
    page.check("#weekly-digest")
    page.click("section[aria-labelledby=s-reminders] button[type=submit]")
    wait_until(
        page,
        "!document.querySelector('#toast').hidden && document.querySelector('#toast').textContent.includes('Saved')",
    )
    db.session.expire_all()
    assert reminders.preferences(org.erik)["weekly_digest"] is True
    page.reload()
    page.wait_for_selector("#weekly-digest")
    wait_until(page, "document.querySelector('#weekly-digest').checked")
    settle(page)
