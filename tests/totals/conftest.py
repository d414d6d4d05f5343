"""Helpers for the team totals tests: entries logged through the log's own service, dates relative
to the organisation's current week."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from server.accounts.models import Organisation
from server.clock import iso_week_label, week_start_of
from server.extensions import db
from server.log import service as log


@pytest.fixture
def this_monday() -> date:
    """Monday of the current week where the test organisations are (Europe/Stockholm)."""
    return week_start_of(datetime.now(UTC).astimezone(ZoneInfo("Europe/Stockholm")).date())


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
def _groups_of_three_shown(request):
    """These tests are about the sums: Acme's teams of three are shown (the smallest minimum group size
    an organisation may choose). Withholding small groups' weeks is tested in test_suppression.py."""
    if "org" not in request.fixturenames or getattr(request.module, "DEFAULT_GROUP_SIZE", False):
        return
    organisation = request.getfixturevalue("org").admin
    db.session.get(Organisation, organisation.organisation_id).min_group_size = 3
    db.session.commit()
