"""Weeks in the user's timezone, ISO weeks around New Year, goals, away weeks and streaks."""

import os
import time
from datetime import UTC, date, datetime, timedelta

import pytest

from server.clock import iso_week_label, local_today, week_start_of
from server.extensions import db
from server.log import service


def log(user, day: date, minutes: int, activity: str = "podcast"):
    entry, created = service.log_entry(
        user, {"date": day, "minutes": minutes, "activity": activity, "title": "Lyssnade"}, today=date(2030, 1, 1)
    )
    db.session.commit()
    assert created
    return entry


@pytest.fixture
def server_clock_in_auckland():
    """The server's own clock zone must never decide which week an entry belongs to."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = "Pacific/Auckland"
    time.tzset()
    yield
    if old is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = old
    time.tzset()


@pytest.mark.parametrize(
    ("day", "label", "monday"),
    [
        (date(2026, 12, 31), "2026-W53", date(2026, 12, 28)),
        (date(2027, 1, 3), "2026-W53", date(2026, 12, 28)),  # Sunday: still the last week of 2026
        (date(2027, 1, 4), "2027-W01", date(2027, 1, 4)),
        (date(2024, 12, 30), "2025-W01", date(2024, 12, 30)),  # Monday in December, week 1 of next year
        (date(2026, 1, 1), "2026-W01", date(2025, 12, 29)),
        (date(2027, 12, 31), "2027-W52", date(2027, 12, 27)),
        (date(2026, 11, 29), "2026-W48", date(2026, 11, 23)),
    ],
)
def test_iso_weeks_around_new_year(day, label, monday):
    assert iso_week_label(day) == label
    assert week_start_of(day) == monday


def test_sunday_night_in_stockholm_belongs_to_that_week(make_user, server_clock_in_auckland):
    user = make_user("anna@acme.example", timezone="Europe/Stockholm")
    # Sunday 23:30 in Stockholm (winter, UTC+1) is already Monday in Auckland, the server's zone.
    now = datetime(2026, 11, 29, 22, 30, tzinfo=UTC)
    assert local_today(user.timezone, now) == date(2026, 11, 29)
    assert datetime.fromtimestamp(now.timestamp()).date() == date(2026, 11, 30)  # the server's Monday
    entry = log(user, local_today(user.timezone, now), 30)
    assert entry.week_start == date(2026, 11, 23)
    summary = service.week_summary(user, local_today(user.timezone, now))
    assert summary["week"] == "2026-W48" and summary["minutes"] == 30
    # Half an hour later it is Monday in Stockholm: a new, empty week.
    monday = local_today(user.timezone, now + timedelta(minutes=30))
    assert service.week_summary(user, monday)["week"] == "2026-W49"
    assert service.week_summary(user, monday)["minutes"] == 0


@pytest.mark.parametrize(
    ("utc", "local_day"),
    [
        # Spring forward (29 March 2026): Stockholm is UTC+2 from 01:00 UTC.
        (datetime(2026, 3, 29, 21, 59), date(2026, 3, 29)),
        (datetime(2026, 3, 29, 22, 0), date(2026, 3, 30)),
        # Fall back (25 October 2026): UTC+1 again from 01:00 UTC.
        (datetime(2026, 10, 25, 22, 59), date(2026, 10, 25)),
        (datetime(2026, 10, 25, 23, 0), date(2026, 10, 26)),
    ],
)
def test_dst_change_weeks(make_user, utc, local_day):
    user = make_user("anna@acme.example", timezone="Europe/Stockholm")
    assert local_today(user.timezone, utc.replace(tzinfo=UTC)) == local_day


def test_dst_week_totals_are_whole(make_user):
    user = make_user("anna@acme.example", goal=60)
    for day in (date(2026, 3, 23), date(2026, 3, 29)):  # Monday and Sunday of the spring-forward week
        log(user, day, 30)
    log(user, date(2026, 3, 30), 15)
    week = service.week_summary(user, date(2026, 3, 29))
    assert (week["week"], week["minutes"], week["met"]) == ("2026-W13", 60, True)


def test_new_year_week_53_collects_both_years(make_user):
    user = make_user("anna@acme.example", goal=60)
    log(user, date(2026, 12, 30), 20, "book")
    log(user, date(2027, 1, 2), 25, "article")
    log(user, date(2027, 1, 4), 45)
    weeks = service.recent_weeks(user, 2, date(2027, 1, 4))
    assert [w["week"] for w in weeks] == ["2027-W01", "2026-W53"]
    assert weeks[1]["minutes"] == 45 and weeks[1]["by_activity"] == {"article": 25, "book": 20}
    assert weeks[1]["met"] is False and weeks[0]["remaining_minutes"] == 15


def test_goal_is_personal_else_the_organisations(make_user):
    own = make_user("anna@acme.example", goal=90)
    default = make_user("bo@acme.example")
    assert service.week_summary(own)["goal_minutes"] == 90
    assert service.week_summary(default)["goal_minutes"] == 60


def test_summary_shape(make_user, clock):
    user = make_user("anna@acme.example")
    clock.set(datetime(2026, 11, 18, 10, 0, tzinfo=UTC))  # a week without a public holiday
    today = local_today(user.timezone)
    log(user, today, 25, "podcast")
    log(user, today, 10, "video")
    summary = service.week_summary(user)
    assert summary == {
        "week": iso_week_label(today),
        "week_start": week_start_of(today),
        "minutes": 35,
        "goal_minutes": 60,
        "remaining_minutes": 25,
        "met": False,
        "streak_weeks": 0,
        "by_activity": {"podcast": 25, "video": 10},
        "away": False,
        "holidays": [],
    }


MONDAY = date(2026, 11, 23)  # 2026-W48


def weeks_ago(n: int, day: int = 1) -> date:
    return MONDAY - timedelta(weeks=n) + timedelta(days=day)


def test_streak_counts_consecutive_met_weeks(make_user):
    user = make_user("anna@acme.example", goal=60)
    for n in (1, 2, 3):
        log(user, weeks_ago(n), 60)
    log(user, weeks_ago(5), 60)  # week 4 was missed: the older week is not part of the streak
    assert service.week_summary(user, MONDAY)["streak_weeks"] == 3


def test_current_week_does_not_break_the_streak_before_it_ends(make_user):
    user = make_user("anna@acme.example", goal=60)
    log(user, weeks_ago(1), 60)
    log(user, weeks_ago(2), 70)
    log(user, MONDAY, 20)
    on_sunday = service.week_summary(user, MONDAY + timedelta(days=6))
    assert (on_sunday["met"], on_sunday["streak_weeks"]) == (False, 2)
    log(user, MONDAY + timedelta(days=2), 40)
    assert service.week_summary(user, MONDAY + timedelta(days=2))["streak_weeks"] == 3
    # The next Monday the unmet week has ended... but it was met; a missed one would reset to 0.
    next_week = service.recent_weeks(user, 2, MONDAY + timedelta(weeks=1))
    assert [w["streak_weeks"] for w in next_week] == [3, 3]


def test_a_missed_week_that_ended_breaks_the_streak(make_user):
    user = make_user("anna@acme.example", goal=60)
    log(user, weeks_ago(2), 60)
    log(user, weeks_ago(1), 30)
    weeks = service.recent_weeks(user, 3, MONDAY)
    assert [w["streak_weeks"] for w in weeks] == [0, 0, 1]


def test_away_week_neither_counts_nor_breaks(make_user):
    user = make_user("anna@acme.example", goal=60)
    log(user, weeks_ago(3), 60)
    log(user, weeks_ago(2), 60)
    service.add_away_period(user, weeks_ago(1, 0), weeks_ago(1, 4), "holiday")  # Monday to Friday
    db.session.commit()
    log(user, MONDAY, 60)
    weeks = service.recent_weeks(user, 4, MONDAY)
    assert [w["away"] for w in weeks] == [False, True, False, False]
    assert [w["streak_weeks"] for w in weeks] == [3, 2, 2, 1]
    away = weeks[1]
    assert (away["goal_minutes"], away["remaining_minutes"], away["met"]) == (0, 0, True)
    assert service.is_away(user, weeks_ago(1, 0)) and not service.is_away(user, MONDAY)


def test_away_needs_every_working_day(make_user):
    user = make_user("anna@acme.example", goal=60)
    service.add_away_period(user, weeks_ago(1, 0), weeks_ago(1, 3), "sick_leave")  # Monday to Thursday
    db.session.commit()
    assert not service.is_away(user, weeks_ago(1, 0))
    # Friday on a separate period completes the week; weekend days are not needed.
    service.add_away_period(user, weeks_ago(1, 4), weeks_ago(1, 4), "other")
    db.session.commit()
    assert service.is_away(user, weeks_ago(1, 0))
    assert service.is_away(user, weeks_ago(1, 3))  # any day of the week names the week


def test_long_parental_leave_keeps_the_streak(make_user):
    user = make_user("anna@acme.example", goal=30)
    log(user, weeks_ago(30), 30)
    log(user, weeks_ago(29), 30)
    service.add_away_period(user, weeks_ago(28, 0), weeks_ago(1, 6), "parental_leave")
    db.session.commit()
    weeks = service.recent_weeks(user, 30, MONDAY)
    assert weeks[0]["streak_weeks"] == 2 and not weeks[0]["away"]
    assert all(w["away"] and w["goal_minutes"] == 0 for w in weeks[1:29])
    assert weeks[-1]["streak_weeks"] == 2 and weeks[-1]["week"] == iso_week_label(weeks_ago(29))


def test_recent_weeks_newest_first_without_gaps(make_user):
    user = make_user("anna@acme.example")
    weeks = service.recent_weeks(user, 104, date(2027, 1, 6))
    assert len(weeks) == 104
    starts = [w["week_start"] for w in weeks]
    assert starts[0] == date(2027, 1, 4)
    assert all(a - b == timedelta(weeks=1) for a, b in zip(starts, starts[1:], strict=False))
    assert "2026-W53" in [w["week"] for w in weeks]


def test_a_goal_of_zero_counts_from_the_first_logged_week(make_user):
    user = make_user("anna@acme.example", goal=0)
    assert service.week_summary(user, MONDAY)["streak_weeks"] == 0
    assert service.recent_weeks(user, 52, MONDAY)[0]["streak_weeks"] == 0
    log(user, weeks_ago(2), 5)
    assert service.week_summary(user, MONDAY)["streak_weeks"] == 3
    assert service.recent_weeks(user, 52, MONDAY)[0]["streak_weeks"] == 3
