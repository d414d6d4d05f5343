"""The Log screen at the end of ISO week 2026-W53 (Monday 28 December 2026 – Sunday 3 January 2027), with
the app's clock and the browser's set to Sunday 3 January, 23:30 in Stockholm (22:30 UTC, while the
server runs in UTC): the ring counts the whole week across the turn of the year, and an entry logged
offline there lands in that week once the phone is back."""

from datetime import UTC, date, datetime

import pytest

from server.extensions import db
from server.log import service as log
from server.log.models import Entry
from tests.browser.conftest import log_minutes, wait_until

pytestmark = pytest.mark.browser

SUNDAY_NIGHT = datetime(2027, 1, 3, 22, 30, tzinfo=UTC)  # 23:30 in Stockholm, still 2026-W53


def ring_is(page, minutes: int) -> None:
    wait_until(page, f"document.querySelector('#week-ring')?.dataset.minutes === '{minutes}'")


def test_the_ring_counts_week_53_across_the_new_year_and_an_offline_entry_joins_it(page, context, org, sign_in, clock):
    clock.set(SUNDAY_NIGHT, ticking=True)
    page.clock.install(time=SUNDAY_NIGHT)
    for day, minutes in ((date(2026, 12, 28), 15), (date(2027, 1, 1), 10), (date(2026, 12, 27), 45)):
        log.log_entry(org.erik, {"date": day, "minutes": minutes, "activity": "podcast", "title": ""})
    db.session.commit()

    sign_in(page, org.erik)
    ring_is(page, 25)  # Monday 28 December and New Year's Day; Sunday 27 December is 2026-W52
    wait_until(page, "navigator.serviceWorker.controller !== null")
    context.set_offline(True)
    log_minutes(page, 45, "Podcast on the night bus")
    ring_is(page, 70)
    context.set_offline(False)
    wait_until(page, "LHOutbox.count().then((n) => n === 0)")

    db.session.expire_all()
    [sent] = db.session.scalars(db.select(Entry).where(Entry.title == "Podcast on the night bus")).all()
    assert sent.date == date(2027, 1, 3)  # Sunday in Erik's calendar: still week 53
    week = log.week_summary(org.erik)  # today by the app's clock, in Erik's zone
    assert (week["week"], week["minutes"]) == ("2026-W53", 70)
