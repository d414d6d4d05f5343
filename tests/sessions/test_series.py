"""Series: the next sessions appear on their own, on the right days at the same local time, once."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from server.clock import utcnow
from server.extensions import db
from server.sessions import series as series_rules
from server.sessions import series_days, service
from server.sessions.models import KnowledgeSession, SessionOccurrence, SessionSeries
from tests.foundation.test_round_trips import recorded

STOCKHOLM = ZoneInfo("Europe/Stockholm")


@pytest.fixture(autouse=True)
def _before_the_series_begin(clock):
    """Most series here begin in 2030: planned a few weeks before, whatever the real date."""
    clock.set(datetime(2029, 12, 3, 9, 0, tzinfo=UTC), ticking=True)


def _series(org, frequency: str, first: datetime, **extra) -> SessionSeries:
    made = service.plan_series(
        org.erik,
        {
            "title": "Frukost",
            "starts_at": first.astimezone(UTC),
            "frequency": frequency,
            "duration_minutes": 45,
            "timezone": "Europe/Stockholm",
            **extra,
        },
    )
    db.session.commit()
    return made


def _starts(series_id: int) -> list[datetime]:
    db.session.expire_all()
    return [
        s.starts_at.astimezone(STOCKHOLM)
        if s.starts_at.tzinfo
        else s.starts_at.replace(tzinfo=UTC).astimezone(STOCKHOLM)
        for s in db.session.scalars(
            db.select(KnowledgeSession)
            .join(SessionOccurrence, SessionOccurrence.session_id == KnowledgeSession.id)
            .where(SessionOccurrence.series_id == series_id)
            .order_by(KnowledgeSession.starts_at)
        )
    ]


def test_first_friday_of_the_month_at_eight_local_time_summer_or_winter(org):
    first = datetime(2030, 2, 1, 8, 0, tzinfo=STOCKHOLM)  # the first Friday of February 2030
    made = _series(org, "monthly", first)
    assert (made.weekday, made.week_of_month, made.local_time) == (5, 1, time(8, 0))
    series_rules.materialise(made, datetime(2030, 3, 20, tzinfo=UTC))
    db.session.commit()
    starts = _starts(made.id)
    assert [s.date() for s in starts] == [
        date(2030, 2, 1),
        date(2030, 3, 1),
        date(2030, 4, 5),
        date(2030, 5, 3),
        date(2030, 6, 7),
    ]
    assert {(s.hour, s.minute) for s in starts} == {(8, 0)}  # 07:00 UTC in winter, 06:00 in summer
    session = db.session.scalars(db.select(KnowledgeSession).order_by(KnowledgeSession.starts_at)).first()
    assert session.host_id == org.erik.id and service.session_minutes(session) == 45


def test_weekly_every_other_week_and_the_last_of_the_month():
    weekly = SessionSeries(frequency="weekly", weekday=2, starts_on=date(2030, 1, 1))
    assert series_days.days_from(weekly, date(2030, 1, 3)) == [date(2030, 1, 8), date(2030, 1, 15), date(2030, 1, 22)]
    biweekly = SessionSeries(frequency="biweekly", weekday=2, starts_on=date(2030, 1, 1))
    assert series_days.days_from(biweekly, date(2030, 1, 2)) == [
        date(2030, 1, 15),
        date(2030, 1, 29),
        date(2030, 2, 12),
    ]
    assert series_days.days_from(biweekly, date(2029, 12, 1), 1) == [date(2030, 1, 1)]  # never before it began
    last = SessionSeries(frequency="monthly", weekday=4, week_of_month=5, starts_on=date(2030, 1, 31))
    assert series_days.days_from(last, date(2030, 2, 1)) == [date(2030, 2, 28), date(2030, 3, 28), date(2030, 4, 25)]
    assert series_days.week_of_month(date(2030, 1, 29)) == 5 and series_days.week_of_month(date(2030, 1, 8)) == 2


def test_listing_upcoming_makes_the_next_ones_once(org, login):
    first = utcnow().astimezone(STOCKHOLM).replace(hour=8, minute=0, second=0, microsecond=0) + timedelta(days=1)
    erik = login(org.erik)
    response = erik.post(
        "/api/v1/series",
        json={
            "title": "Veckans demo",
            "starts_at": first.isoformat(),
            "frequency": "weekly",
            "place": "Kafét",
            "capacity": 12,
        },
    )
    assert response.status_code == 201, response.get_json()
    made = response.get_json()
    assert made["frequency"] == "weekly" and made["local_time"] == "08:00" and made["can_edit"] is True
    for _ in range(3):  # listing again (and again) makes nothing new
        listed = login(org.nora).get("/api/v1/sessions?upcoming=true").get_json()
    ours = [s for s in listed if s["series"] and s["series"]["id"] == made["id"]]
    assert len(ours) == 3
    assert [s["host"]["id"] if s["host"] else None for s in ours] == [org.erik.id, None, None]  # host wanted
    assert all(s["place"] == "Kafét" and s["capacity"] == 12 for s in ours)
    assert len({s["starts_at"] for s in ours}) == 3
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count()).select_from(SessionOccurrence)) == 3


def test_a_reminder_run_also_makes_them_and_two_runs_race_safely(org):
    made = _series(org, "weekly", datetime(2030, 1, 7, 9, 0, tzinfo=STOCKHOLM))
    later = datetime(2030, 3, 1, tzinfo=UTC)
    service.materialise_all(now=later)
    service.materialise_all(now=later)
    db.session.commit()
    days = [s.date() for s in _starts(made.id)]
    assert len(days) == len(set(days)) == 3 + 3  # the first three and the three after 1 March
    assert days[-3:] == [date(2030, 3, 4), date(2030, 3, 11), date(2030, 3, 18)]


def test_a_cancelled_one_is_not_made_again_and_a_stopped_series_makes_no_more(org, login):
    first = utcnow().astimezone(STOCKHOLM).replace(hour=8, minute=0, second=0, microsecond=0) + timedelta(days=1)
    erik = login(org.erik)
    made = erik.post(
        "/api/v1/series", json={"title": "Lunchprat", "starts_at": first.isoformat(), "frequency": "biweekly"}
    ).get_json()
    listed = [s for s in erik.get("/api/v1/sessions?upcoming=true").get_json() if s["series"]]
    assert erik.delete(f"/api/v1/sessions/{listed[1]['id']}").status_code == 409  # a series' own: cancel it
    assert erik.post(f"/api/v1/sessions/{listed[1]['id']}/cancel").status_code == 200
    again = [s for s in erik.get("/api/v1/sessions?upcoming=true").get_json() if s["series"]]
    assert [s["id"] for s in again] == [s["id"] for s in listed] and again[1]["cancelled"] is True
    login(org.sara).put(f"/api/v1/sessions/{listed[2]['id']}/rsvp")
    assert login(org.sara).delete(f"/api/v1/series/{made['id']}").status_code == 403
    assert erik.delete(f"/api/v1/series/{made['id']}").status_code == 204
    left = [s["id"] for s in erik.get("/api/v1/sessions?upcoming=true").get_json() if s["series"]]
    assert left == [listed[1]["id"], listed[2]["id"]]  # cancelled (marked) and joined (Sara) stay; the rest go
    assert erik.get("/api/v1/series").get_json() == []


def test_changing_a_series_changes_the_sessions_to_come(org, login):
    first = utcnow().astimezone(STOCKHOLM).replace(hour=8, minute=0, second=0, microsecond=0) + timedelta(days=1)
    erik = login(org.erik)
    made = erik.post(
        "/api/v1/series", json={"title": "Frukost", "starts_at": first.isoformat(), "frequency": "monthly"}
    ).get_json()
    assert login(org.nora).patch(f"/api/v1/series/{made['id']}", json={"place": "Taket"}).status_code == 403
    changed = erik.patch(f"/api/v1/series/{made['id']}", json={"place": "Taket", "title": "Frukostklubben"})
    assert changed.status_code == 200 and changed.get_json()["place"] == "Taket"
    ours = [s for s in erik.get("/api/v1/sessions?upcoming=true").get_json() if s["series"]]
    assert {(s["title"], s["place"]) for s in ours} == {("Frukostklubben", "Taket")}


def test_a_series_capacity_never_falls_below_those_already_coming(org, login):
    first = utcnow().astimezone(STOCKHOLM).replace(hour=8, minute=0, second=0, microsecond=0) + timedelta(days=1)
    erik = login(org.erik)
    made = erik.post(
        "/api/v1/series",
        json={"title": "Bokcirkel", "starts_at": first.isoformat(), "frequency": "weekly", "capacity": 12},
    ).get_json()
    ours = [s for s in erik.get("/api/v1/sessions?upcoming=true").get_json() if s["series"]]
    for person in (org.sara, org.nora):
        assert login(person).put(f"/api/v1/sessions/{ours[1]['id']}/rsvp").status_code == 201
    refused = erik.patch(f"/api/v1/series/{made['id']}", json={"capacity": 1})
    assert refused.status_code == 422 and "2" in refused.get_json()["errors"]["json"]["capacity"][0]
    assert erik.patch(f"/api/v1/series/{made['id']}", json={"capacity": 2}).status_code == 200
    after = [s for s in erik.get("/api/v1/sessions?upcoming=true").get_json() if s["series"]]
    assert {s["capacity"] for s in after} == {2}


def test_validation(org, login):
    erik = login(org.erik)
    for body, field in [
        ({"title": "x", "starts_at": "2030-01-01T08:00:00Z", "frequency": "daily"}, "frequency"),
        (
            {"title": "x", "starts_at": "2030-01-01T08:00:00Z", "frequency": "weekly", "timezone": "Mars/Olympus"},
            "timezone",
        ),
        ({"starts_at": "2030-01-01T08:00:00Z", "frequency": "weekly"}, "title"),
    ]:
        response = erik.post("/api/v1/series", json=body)
        assert response.status_code == 422 and field in response.get_json()["errors"]["json"], response.get_json()
    assert login(org.outsider).get("/api/v1/series/1").status_code == 404


def test_once_made_the_series_are_checked_in_one_query_however_many_there_are(org):
    for weekday in range(3):
        _series(org, "weekly", datetime(2030, 1, 7 + weekday, 9, 0, tzinfo=STOCKHOLM))
    later = datetime(2030, 3, 1, tzinfo=UTC)
    service.materialise_all(now=later)
    db.session.commit()
    with recorded() as (statements, _commits):
        service.materialise_all(now=later)
    # The running series, their organisation (its holidays), and what exists of their days.
    assert len(statements) == 3, statements
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count()).select_from(SessionOccurrence)) == 3 * 6
