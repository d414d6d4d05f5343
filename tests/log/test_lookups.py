"""The log's lookups, called directly: an entry and an away period are their person's own; anyone
else's does not exist for them."""

import uuid
from datetime import timedelta

from server.log import service as log
from tests.support import refused


def test_an_entry_is_its_persons_own(org, clock):
    entry, _ = log.log_entry(
        org.erik, {"id": str(uuid.uuid4()), "minutes": 20, "activity": "podcast", "title": "Avsnitt"}
    )
    assert log.own_entry(org.erik, entry.id).title == "Avsnitt"
    for viewer, entry_id in [(org.maja, entry.id), (org.admin, entry.id), (org.erik, str(uuid.uuid4()))]:
        with refused(404, "entry_id", sv="Posten finns inte."):
            log.own_entry(viewer, entry_id)


def test_an_away_period_is_removed_by_its_person_only(org, clock):
    monday = clock.today() - timedelta(days=clock.today().weekday() - 7)
    period = log.add_away_period(org.erik, monday, monday + timedelta(days=4), "holiday")
    with refused(404, "period_id", sv="Frånvaroperioden finns inte."):
        log.delete_away_period(org.sara, period.id)
    log.delete_away_period(org.erik, period.id)
    assert log.away_periods(org.erik) == []
    with refused(404):
        log.delete_away_period(org.erik, period.id)
