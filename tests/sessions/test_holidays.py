"""A series and the public holidays of the organisation's country: a session that falls on one moves to
the next working day or is skipped, as the planner chose when planning, and says so."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from server.demo import seed
from server.extensions import db
from server.sessions import service
from server.sessions.models import KnowledgeSession, SessionOccurrence, SessionSeries

STOCKHOLM = ZoneInfo("Europe/Stockholm")
# Monday 7 December 2026: the month's first Friday has been, the next one is New Year's Day.
PLANNING_DAY = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _planning_day(clock):
    clock.set(PLANNING_DAY, ticking=True)


def _plan(api, first: datetime, frequency: str = "monthly", **extra) -> dict:
    body = {"title": "Frukost", "starts_at": first.astimezone(UTC).isoformat(), "frequency": frequency, **extra}
    response = api.post("/api/v1/series", json=body)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def _sessions(api, series_id: int) -> list[dict]:
    upcoming = api.get("/api/v1/sessions?upcoming=true").get_json()
    items = upcoming["items"] if isinstance(upcoming, dict) else upcoming
    return [s for s in items if (s.get("series") or {}).get("id") == series_id]


def _local_days(sessions: list[dict]) -> list[date]:
    return [datetime.fromisoformat(s["starts_at"]).astimezone(STOCKHOLM).date() for s in sessions]


def test_new_years_day_moves_to_the_next_working_day_by_default(org, login):
    api = login(org.erik)
    series = _plan(api, datetime(2027, 1, 1, 8, 0, tzinfo=STOCKHOLM))
    assert series["on_holiday"] == "move"
    sessions = _sessions(api, series["id"])
    assert _local_days(sessions)[:3] == [date(2027, 1, 4), date(2027, 2, 5), date(2027, 3, 5)]
    first = sessions[0]
    assert datetime.fromisoformat(first["starts_at"]).astimezone(STOCKHOLM).hour == 8
    assert first["moved_from"] == {"date": "2027-01-01", "holiday": "New Year's Day"}
    assert sessions[1]["moved_from"] is None
    sv = login(org.sara)
    assert sv.patch("/api/v1/me", json={"locale": "sv"}).status_code == 200
    assert _sessions(sv, series["id"])[0]["moved_from"]["holiday"] == "Nyårsdagen"


def test_or_is_skipped_when_the_planner_chose_so(org, login):
    api = login(org.erik)
    series = _plan(api, datetime(2027, 1, 1, 8, 0, tzinfo=STOCKHOLM), on_holiday="skip")
    assert series["on_holiday"] == "skip"
    assert _local_days(_sessions(api, series["id"]))[:3] == [date(2027, 2, 5), date(2027, 3, 5), date(2027, 4, 2)]


def test_a_weekly_series_steps_over_easter_and_keeps_its_rule(org, login):
    api = login(org.erik)
    series = _plan(api, datetime(2027, 3, 19, 12, 0, tzinfo=STOCKHOLM), "weekly")
    made = db.session.get(SessionSeries, series["id"])
    service.materialise_all(now=datetime(2027, 3, 20, tzinfo=UTC))
    service.materialise_all(now=datetime(2027, 3, 27, tzinfo=UTC))  # twice: nothing made twice
    db.session.commit()
    held = db.session.execute(
        db.select(SessionOccurrence.occurrence_on, KnowledgeSession.starts_at)
        .join(KnowledgeSession, KnowledgeSession.id == SessionOccurrence.session_id)
        .where(SessionOccurrence.series_id == made.id)
        .order_by(SessionOccurrence.occurrence_on)
    ).all()
    days = [
        (rule_day, starts.replace(tzinfo=starts.tzinfo or UTC).astimezone(STOCKHOLM).date())
        for rule_day, starts in held
    ]
    # Good Friday (26 March) moves past Easter Monday to Tuesday; the Friday after is a Friday again.
    assert days[:4] == [
        (date(2027, 3, 19), date(2027, 3, 19)),
        (date(2027, 3, 26), date(2027, 3, 30)),
        (date(2027, 4, 2), date(2027, 4, 2)),
        (date(2027, 4, 9), date(2027, 4, 9)),
    ]


def test_a_norwegian_organisation_follows_norways_holidays(org, login):
    admin = login(org.admin)
    assert admin.patch("/api/v1/organisation", json={"country": "NO"}).status_code == 200
    # 17 May 2027, Constitution Day, is a Monday: a weekly Monday series moves to Tuesday.
    series = _plan(login(org.erik), datetime(2027, 5, 10, 12, 0, tzinfo=STOCKHOLM), "weekly")
    service.materialise_all(now=datetime(2027, 5, 11, tzinfo=UTC))
    db.session.commit()
    days = _local_days(_sessions(login(org.erik), series["id"]))
    assert date(2027, 5, 18) in days and date(2027, 5, 17) not in days


def test_an_unknown_choice_is_named(org, login):
    response = login(org.erik).post(
        "/api/v1/series",
        json={
            "title": "Frukost",
            "starts_at": "2027-01-01T07:00:00+00:00",
            "frequency": "monthly",
            "on_holiday": "cancel",
        },
    )
    assert response.status_code == 422 and "on_holiday" in response.get_json()["errors"]["json"]
    assert db.session.scalar(db.select(db.func.count()).select_from(SessionSeries)) == 0


def test_the_demo_breakfast_is_not_held_on_new_years_day(app):
    seed()
    db.session.commit()
    breakfasts = db.session.scalars(
        db.select(KnowledgeSession)
        .where(KnowledgeSession.title == "Frukostklubben")
        .order_by(KnowledgeSession.starts_at)
    ).all()
    days = [s.starts_at.replace(tzinfo=s.starts_at.tzinfo or UTC).astimezone(STOCKHOLM).date() for s in breakfasts]
    assert days[0] == date(2027, 1, 4) and date(2027, 1, 1) not in days
