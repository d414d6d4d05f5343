"""Reminders on the awkward days, each run at the moment it means: in ISO week 53, on public holidays,
on both daylight-saving nights in Stockholm and Oslo, with the server keeping UTC. Nothing is
stubbed: the week comes from the log, the push goes through the loopback push service."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from server.accounts import service as accounts
from server.extensions import db
from server.reminders import service
from server.reminders.models import ReminderPreference
from tests.reminders.test_digest import _busy_week, _opt_in
from tests.support import wait_for

ZONES = ("Europe/Stockholm", "Europe/Oslo")


def _person(make_user, zone: str = "Europe/Stockholm"):
    """Someone in an organisation of that zone (and so of its country's holidays)."""
    accounts.get_or_create_organisation(f"Org in {zone}", timezone=zone)
    return make_user(f"{zone.split('/')[1].lower()}@example.com", org=f"Org in {zone}", timezone=zone)


def _remind_at(weekday: int, at: time) -> None:
    db.session.execute(db.update(ReminderPreference).values(weekday=weekday, time=at))
    db.session.commit()


def _local(zone: str, *args, fold: int = 0) -> datetime:
    return datetime(*args, tzinfo=ZoneInfo(zone), fold=fold).astimezone(UTC)


def _weekly(counts: dict) -> int:
    return counts["claimed"]


def test_in_week_53_a_thursday_holiday_moves_the_reminder_to_wednesday(make_user, subscribe, push_service, sender):
    # Sweden: Thursday 31 December is New Year's Eve, a day off in practice.
    person = _person(make_user)
    subscribe(person, push_service)
    assert _weekly(service.send_due(_local("Europe/Stockholm", 2026, 12, 30, 14, 59))) == 0
    assert _weekly(service.send_due(_local("Europe/Stockholm", 2026, 12, 30, 15, 5))) == 1
    [delivery] = push_service.wait_for(1)
    assert (delivery.json["week"], delivery.json["tag"]) == ("2026-W53", "reminder-2026-W53")
    assert _weekly(service.send_due(_local("Europe/Stockholm", 2026, 12, 31, 15, 5))) == 0  # once in the week


def test_in_norway_the_same_thursday_is_a_working_day(make_user, subscribe, push_service, sender):
    person = _person(make_user, "Europe/Oslo")
    subscribe(person, push_service)
    assert _weekly(service.send_due(_local("Europe/Oslo", 2026, 12, 30, 15, 5))) == 0
    assert _weekly(service.send_due(_local("Europe/Oslo", 2026, 12, 31, 15, 5))) == 1
    assert push_service.wait_for(1)[0].json["week"] == "2026-W53"


def test_a_friday_reminder_on_new_years_day_goes_out_on_the_working_day_before(
    make_user, subscribe, push_service, sender
):
    person = _person(make_user)
    subscribe(person, push_service)
    _remind_at(5, time(9, 0))
    # Friday 1 January and Thursday 31 December are days off in Sweden: Wednesday it is.
    assert _weekly(service.send_due(_local("Europe/Stockholm", 2026, 12, 30, 9, 1))) == 1


def test_the_monday_digest_in_week_53(org, login, subscribe, push_service, sender):
    monday = _local("Europe/Stockholm", 2026, 12, 28, 9, 5)
    _busy_week(org, login, when=monday - timedelta(days=2))
    subscribe(org.erik, push_service)
    _opt_in(login, org.erik)
    counts = service.send_due(monday)
    assert counts["digest_claimed"] == 1
    digest = wait_for(
        lambda: next((d for d in push_service.delivered() if d.json["kind"] == "digest"), None), what="the digest"
    )
    assert digest.json["tag"] == "digest-2026-W53"


@pytest.mark.parametrize("zone", ZONES)
def test_a_reminder_at_0230_on_the_spring_forward_night_comes_once_after_the_gap(
    make_user, subscribe, push_service, sender, zone
):
    # Sunday 28 March 2027: 02:00 becomes 03:00, so 02:30 never happens on the wall clock. It is Easter
    # Sunday too, which moves nothing: whoever chose a Sunday chose a day off.
    person = _person(make_user, zone)
    subscribe(person, push_service)
    _remind_at(7, time(2, 30))
    assert _weekly(service.send_due(datetime(2027, 3, 28, 0, 59, tzinfo=UTC))) == 0  # 01:59 local
    assert _weekly(service.send_due(datetime(2027, 3, 28, 1, 0, tzinfo=UTC))) == 1  # 03:00 local
    assert _weekly(service.send_due(datetime(2027, 3, 28, 1, 30, tzinfo=UTC))) == 0
    assert push_service.wait_for(1)[0].json["week"] == "2027-W12"


@pytest.mark.parametrize("zone", ZONES)
def test_a_reminder_at_0230_on_the_autumn_night_comes_once_though_0230_comes_twice(
    make_user, subscribe, push_service, sender, zone
):
    # Sunday 31 October 2027: 03:00 becomes 02:00, so 02:30 happens at 00:30 and again at 01:30 UTC.
    person = _person(make_user, zone)
    subscribe(person, push_service)
    _remind_at(7, time(2, 30))
    first, second = _local(zone, 2027, 10, 31, 2, 30), _local(zone, 2027, 10, 31, 2, 30, fold=1)
    assert second - first == timedelta(hours=1)
    assert _weekly(service.send_due(first - timedelta(minutes=1))) == 0
    assert _weekly(service.send_due(first)) == 1
    assert _weekly(service.send_due(second)) == 0
    assert _weekly(service.send_due(second + timedelta(minutes=30))) == 0
    assert len(push_service.wait_for(1)) == 1 and push_service.delivered()[0].json["week"] == "2027-W43"
