"""Helpers for the team totals tests: entries logged through the log's own service, dates relative
to the organisation's current week."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from server.accounts.models import Organisation
from server.clock import iso_week_label, week_start_of
from server.extensions import db
from server.log import service as log

# Wednesday 18 November 2026, 11:00 in Stockholm: weeks 47 back to 36 hold no Swedish public holiday.
# Totals in weeks with holidays, ISO week 53 and the turn of the year are tested with their own moments.
NOW = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _now(clock):
    clock.set(NOW, ticking=True)


@pytest.fixture
def this_monday(clock) -> date:
    """Monday of the current week where the test organisations are (Europe/Stockholm)."""
    return week_start_of(clock.now().astimezone(ZoneInfo("Europe/Stockholm")).date())


@pytest.fixture
def log_time(this_monday):
    """Log `minutes` for `user` on a day of the week `weeks_ago` (0 = this week), never in the future."""

    def log_it(
        user,
        minutes: int,
        *,
        weeks_ago: int = 0,
        activity: str = "podcast",
        note: str | None = None,
        title: str = "",
        resource_id: int | None = None,
    ):
        day = this_monday - timedelta(weeks=weeks_ago)
        entry, created = log.log_entry(
            user,
            {
                "date": day,
                "minutes": minutes,
                "activity": activity,
                "title": title,
                "note": note,
                "resource_id": resource_id,
            },
        )
        assert created
        db.session.commit()
        return entry

    return log_it


@pytest.fixture
def week_label(this_monday):
    return lambda weeks_ago=0: iso_week_label(this_monday - timedelta(weeks=weeks_ago))


@pytest.fixture(autouse=True)
def _groups_of_three_shown(request, _now):
    """These tests are about the sums: Acme's teams of three are shown (the smallest minimum group size
    an organisation may choose). Withholding small groups' weeks is tested in test_suppression.py."""
    if "org" not in request.fixturenames or getattr(request.module, "DEFAULT_GROUP_SIZE", False):
        return
    organisation = request.getfixturevalue("org").admin
    db.session.get(Organisation, organisation.organisation_id).min_group_size = 3
    db.session.commit()
