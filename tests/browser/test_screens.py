"""The other screens in a phone's browser: sharing a link into the bank, team totals for a manager,
no Content-Security-Policy violation anywhere, and a toast that never takes a tap meant for what lies beneath."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from server.accounts.models import Organisation
from server.bank import service as bank
from server.bank.models import Resource
from server.clock import local_today
from server.extensions import db
from server.log import service as log
from tests.browser.conftest import settled, wait_until

pytestmark = pytest.mark.browser

CSP_WATCH = """
window.__csp = [];
document.addEventListener('securitypolicyviolation',
  (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
"""


def test_a_link_shared_from_another_app_lands_in_the_bank(page, make_user, sign_in):
    erik = make_user("erik@acme.example")
    sign_in(page, erik)
    # What Android's share sheet does: a form POST to the manifest's share_target, link inside `text`.
    page.evaluate("""() => {
      const form = document.createElement('form');
      form.method = 'POST';
      form.action = '/share-target';
      for (const [name, value] of Object.entries({title: 'Great episode on design reviews',
          text: 'Listen to this https://podcasts.invalid/design-reviews-42 so good', url: ''})) {
        const input = document.createElement('input');
        input.name = name; input.value = value; form.append(input);
      }
      document.body.append(form);
      form.submit();
    }""")
    page.wait_for_url("**/add?**")
    page.wait_for_selector("form.add-form")
    assert page.input_value("[data-field=url] input") == "https://podcasts.invalid/design-reviews-42"
    assert page.input_value("[data-field=title] input") == "Great episode on design reviews"
    page.select_option("[data-field=kind] select", "podcast")
    page.fill("[data-field=tags] input", "design, reviews")
    page.click("button:text-is('Add and log time')")
    page.wait_for_url("**/log?resource=*")
    page.wait_for_selector("#week-ring")
    db.session.expire_all()
    [resource] = db.session.scalars(select(Resource).where(Resource.organisation_id == erik.organisation_id)).all()
    assert (resource.title, resource.kind) == ("Great episode on design reviews", "podcast")
    # "Add and log time" opens the quick log with the resource chosen.
    wait_until(page, f"document.querySelector('[data-field=resource_id] select').value === '{resource.id}'")
    page.click(".preset[data-minutes='25']")
    page.click(".quick-log button[type=submit]")
    wait_until(page, "document.querySelector('#week-ring').dataset.minutes === '25'")
    [entry] = log.entries_in_range(erik, None, None)
    assert entry.resource_id == resource.id


def test_a_manager_sees_team_totals(page, org, sign_in):
    # Product's three people are shown once the organisation allows groups of three.
    db.session.get(Organisation, org.maja.organisation_id).min_group_size = 3
    today = local_today("Europe/Stockholm")
    log.log_entry(org.erik, {"date": today, "minutes": 45, "activity": "course", "title": "SQL"})
    log.log_entry(org.sara, {"date": today - timedelta(days=7), "minutes": 70, "activity": "book", "title": "Book"})
    db.session.commit()
    sign_in(page, org.maja, "/team")
    page.wait_for_selector("svg.chart")
    assert page.inner_text("#team-name") == "Product"
    assert page.locator("svg.chart rect.bar").count() >= 2
    rows = page.locator("table tbody tr").all_inner_texts()
    assert any("45" in row for row in rows) and any("70" in row for row in rows)
    csv = page.get_attribute("a[download]", "href")
    assert csv == f"/api/v1/teams/{org.product.id}/totals.csv?weeks=8"


def test_an_employee_has_no_team_tab(page, org, sign_in):
    sign_in(page, org.erik)
    assert page.locator("#nav a[href='/team']").count() == 0
    assert page.locator("#nav a[href='/log'][aria-current=page]").count() == 1


def test_no_screen_breaks_the_content_security_policy(context, org, sign_in):
    resource, _ = bank.add_resource(
        org.erik, {"url": "https://example.invalid/a-talk", "kind": "video", "title": "A talk", "tags": ["talks"]}
    )
    db.session.commit()
    context.add_init_script(CSP_WATCH)
    page = context.new_page()
    console = []
    errors = []
    page.on("console", lambda m: "Content Security Policy" in m.text and console.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto("/login")
    page.wait_for_selector("form")
    assert page.evaluate("window.__csp") == []
    sign_in(page, org.maja)
    for path, ready in (
        ("/log", "#week-ring"),
        ("/bank", ".resource-card"),
        (f"/bank/{resource.id}", ".comments h2"),
        ("/add", "form.add-form"),
        ("/saved", ".empty"),
        ("/team", "svg.chart"),
        ("/settings", "#privacy-statement"),
        ("/invite/not-a-real-token", ".empty"),
    ):
        page.goto(path)
        page.wait_for_selector(ready)
        settled(page)
        assert page.evaluate("window.__csp") == [], path
    assert console == [] and errors == []


def test_the_first_load_of_the_shell_is_small_and_gzipped(page):
    transferred, encodings = [], {}
    page.on(
        "requestfinished",
        lambda request: transferred.append(
            request.sizes()["responseBodySize"] + request.sizes()["responseHeadersSize"]
        ),
    )
    page.on(
        "response",
        lambda response: encodings.__setitem__(
            response.url.split("/", 3)[-1], response.headers.get("content-encoding")
        ),
    )
    page.goto("/login")
    page.wait_for_selector("form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert 5_000 < sum(transferred) < 100_000, transferred
    assert encodings["js/app.js"] == "gzip" and encodings["css/app.css"] == "gzip"


def test_saving_a_resource_offline_waits_in_the_outbox(page, context, org, sign_in):
    resource, _ = bank.add_resource(
        org.erik, {"url": "https://example.invalid/a-course", "kind": "course", "title": "A course"}
    )
    db.session.commit()
    sign_in(page, org.sara, f"/bank/{resource.id}")
    page.wait_for_selector("#save-resource")
    context.set_offline(True)
    page.click("#save-resource")
    wait_until(page, "LHOutbox.all().then((items) => items.length === 1 && items[0].kind === 'save')")
    assert page.get_attribute("#save-resource", "aria-pressed") == "true"
    assert bank.saved_for_user(org.sara) == []
    context.set_offline(False)
    wait_until(page, "LHOutbox.all().then((items) => items.length === 0)")
    db.session.expire_all()
    assert [r["id"] for r in bank.saved_for_user(org.sara)] == [resource.id]


def test_a_toast_never_stands_in_the_way_of_a_tap(page, org, sign_in):
    sign_in(page, org.erik, "/settings")
    page.wait_for_selector("#weekly-digest")
    page.click("section[aria-labelledby=s-reminders] button[type=submit]")
    page.wait_for_selector("#toast:not([hidden])")
    # Whatever lies under the toast (often the last button of a long screen) takes the tap, not the toast.
    beneath = page.evaluate(
        """() => {
      const toast = document.querySelector('#toast');
      const r = toast.getBoundingClientRect();
      const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
      return hit && !toast.contains(hit) ? hit.tagName : null;
    }"""
    )
    assert beneath is not None
    assert not page.is_hidden("#toast")  # still showing while it lets taps through
