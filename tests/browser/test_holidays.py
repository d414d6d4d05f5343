"""Public holidays in the app, at a phone's size, with the app's clock and the browser's set to the turn
of the year 2026/27: the admin picks the country, My weeks marks the holidays of ISO week 53, and a
series planned over New Year's Day says where its session went."""

from datetime import UTC, date, datetime

import pytest

from server.accounts.models import Organisation
from server.extensions import db
from server.log import service as log
from server.sessions import service as sessions
from tests.browser.conftest import wait_until

pytestmark = pytest.mark.browser

AFTER_NEW_YEAR = datetime(2027, 1, 6, 10, 0, tzinfo=UTC)  # Wednesday of 2027-W01


@pytest.fixture
def turn_of_the_year(clock, page):
    clock.set(AFTER_NEW_YEAR, ticking=True)
    page.clock.install(time=AFTER_NEW_YEAR)
    return AFTER_NEW_YEAR


def test_my_weeks_mark_the_holidays_of_week_53(page, org, sign_in, turn_of_the_year):
    log.log_entry(org.erik, {"date": date(2026, 12, 30), "minutes": 40, "activity": "podcast", "title": ""})
    db.session.commit()
    sign_in(page, org.erik, "/history")
    row = page.locator(".history-table tbody tr").nth(1)
    row.wait_for()
    assert "53" in row.locator("th").inner_text()
    note = row.locator(".holiday-note").inner_text()
    assert "New Year's Eve" in note and "New Year's Day" in note
    assert "Epiphany" in page.locator(".history-table tbody tr").nth(0).locator(".holiday-note").inner_text()


def test_the_admin_picks_the_country_and_a_smaller_goal(page, org, sign_in, turn_of_the_year):
    sign_in(page, org.admin, "/admin?section=organisation")
    page.wait_for_selector("#org-country")
    assert page.input_value("#org-country") == "SE"  # from the time zone
    page.select_option("#org-country", "NO")
    page.check("#org-holiday-goal")
    page.click("form:has(#org-country) button[type=submit]")
    wait_until(page, "document.querySelector('#toast').textContent.startsWith('Saved')")
    db.session.expire_all()
    organisation = db.session.get(Organisation, org.admin.organisation_id)
    assert (organisation.country, organisation.holiday_goal) == ("NO", "proportional")


def test_a_series_says_where_new_years_day_went(page, org, sign_in, clock):
    clock.set(datetime(2026, 12, 7, 9, 0, tzinfo=UTC), ticking=True)
    page.clock.install(time=datetime(2026, 12, 7, 9, 0, tzinfo=UTC))
    sessions.plan_series(
        org.erik,
        {
            "title": "Frukostklubben",
            "starts_at": datetime(2027, 1, 1, 7, 0, tzinfo=UTC),
            "frequency": "monthly",
            "timezone": "Europe/Stockholm",
        },
    )
    db.session.commit()
    sign_in(page, org.sara, "/sessions")
    moved = page.locator(".session-moved").first
    moved.wait_for()
    assert "New Year's Day" in moved.inner_text() and "1 Jan" in moved.inner_text()
    page.goto("/sessions/new")
    page.wait_for_selector(".session-form")
    assert page.locator("[data-field=on_holiday]").is_hidden()
    page.select_option("[data-field=frequency] select", "monthly")
    assert page.locator("[data-field=on_holiday]").is_visible()
    assert page.locator("#series-on-holiday option").all_inner_texts() == [
        "Move it to the next working day",
        "Skip it that time",
    ]
