"""Logging time over HTTP: create, replay, validation, own entries only, edit, delete, privacy."""

import uuid
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from server.clock import local_today
from server.extensions import db
from server.log import service
from server.log.models import Entry


def entry_body(**changes) -> dict:
    body = {
        "id": str(uuid.uuid4()),
        "minutes": 25,
        "activity": "podcast",
        "title": "Kodsnack avsnitt 512",
        "note": "Testa property-based testing i nästa sprint",
    }
    body.update(changes)
    return body


def rows() -> int:
    db.session.expire_all()
    return db.session.scalar(db.select(db.func.count()).select_from(Entry))


def test_log_an_entry_and_replay_it(org, login):
    api = login(org.erik)
    body = entry_body()
    first = api.post("/api/v1/entries", json=body)
    assert first.status_code == 201, first.get_json()
    stored = first.get_json()
    today = local_today(org.erik.timezone)
    assert stored["id"] == body["id"] and stored["date"] == today.isoformat()
    assert stored["week"] == f"{today.isocalendar()[0]}-W{today.isocalendar()[1]:02d}"
    assert stored["note"] == body["note"] and stored["minutes"] == 25
    again = api.post("/api/v1/entries", json={**body, "minutes": 90, "title": "changed on replay"})
    assert again.status_code == 200
    assert again.get_json() == stored  # the stored entry, nothing new
    assert rows() == 1


def test_id_is_optional_for_a_single_entry(org, login):
    response = login(org.erik).post("/api/v1/entries", json={"minutes": 10, "activity": "article", "title": "Read"})
    assert response.status_code == 201
    assert uuid.UUID(response.get_json()["id"])


def test_someone_elses_id_is_a_conflict_and_reveals_nothing(org, login):
    body = entry_body()
    assert login(org.erik).post("/api/v1/entries", json=body).status_code == 201
    response = login(org.sara).post("/api/v1/entries", json=entry_body(id=body["id"]))
    assert response.status_code == 409
    assert body["note"] not in response.get_data(as_text=True)
    assert rows() == 1


def test_validation_names_the_field(org, login):
    api = login(org.erik)
    tomorrow = (local_today(org.erik.timezone) + timedelta(days=1)).isoformat()
    cases = [
        ({"minutes": 0}, "minutes"),
        ({"minutes": 601}, "minutes"),
        ({"minutes": "25"}, "minutes"),
        ({"activity": "sleeping"}, "activity"),
        ({"date": tomorrow}, "date"),
        ({"date": "yesterday"}, "date"),
        ({"date": "0202-11-23"}, "date"),
        ({"id": "not-a-uuid"}, "id"),
        ({"title": "x" * 201}, "title"),
    ]
    for change, field in cases:
        response = api.post("/api/v1/entries", json=entry_body(**change))
        assert response.status_code == 422, change
        assert field in response.get_json()["errors"]["json"], (change, response.get_json())
    assert rows() == 0


def test_more_than_a_day_on_one_day(org, login):
    api = login(org.erik)
    day = (local_today(org.erik.timezone) - timedelta(days=3)).isoformat()
    for _ in range(2):
        assert api.post("/api/v1/entries", json=entry_body(date=day, minutes=600)).status_code == 201
    response = api.post("/api/v1/entries", json=entry_body(date=day, minutes=241))
    assert response.status_code == 422 and "minutes" in response.get_json()["errors"]["json"]
    assert api.post("/api/v1/entries", json=entry_body(date=day, minutes=240)).status_code == 201
    # Someone else's day is their own.
    assert login(org.sara).post("/api/v1/entries", json=entry_body(date=day, minutes=600)).status_code == 201


def test_future_date_follows_the_users_timezone(make_user, login):
    ahead = make_user("kiri@acme.example", timezone="Pacific/Kiritimati")  # UTC+14
    behind = make_user("pago@acme.example", timezone="Pacific/Pago_Pago")  # UTC-11
    kiri_today = datetime.now(UTC).astimezone(ZoneInfo("Pacific/Kiritimati")).date()
    body = entry_body(date=kiri_today.isoformat())
    assert login(ahead).post("/api/v1/entries", json=body).status_code == 201
    # 25 hours apart: Kiritimati's today is always still in the future on Samoa time.
    response = login(behind).post("/api/v1/entries", json=entry_body(date=kiri_today.isoformat()))
    assert response.status_code == 422 and "date" in response.get_json()["errors"]["json"]


def test_login_required(client):
    assert client.post("/api/v1/entries", json=entry_body()).status_code == 401
    assert client.get("/api/v1/entries").status_code == 401
    assert client.get("/api/v1/me/weeks/current").status_code == 401


def test_own_entries_only(org, login):
    erik, sara = login(org.erik), login(org.sara)
    entry = erik.post("/api/v1/entries", json=entry_body()).get_json()
    path = f"/api/v1/entries/{entry['id']}"
    assert erik.get(path).get_json()["note"] == entry["note"]
    for api in (sara, login(org.maja), login(org.admin), login(org.outsider)):
        assert api.get(path).status_code == 404
        assert api.patch(path, json={"minutes": 5}).status_code == 404
        assert api.delete(path).status_code == 404
        assert api.get("/api/v1/entries").get_json() == []
    assert erik.get("/api/v1/entries/no-such-entry").status_code == 404
    for id_no_column_holds in ("%00", "x" * 37):  # PostgreSQL refuses a NUL outright: still a plain 404
        assert erik.get(f"/api/v1/entries/{id_no_column_holds}").status_code == 404
        assert erik.delete(f"/api/v1/entries/{id_no_column_holds}").status_code == 404
    assert rows() == 1


def test_list_by_date_range(org, login):
    api = login(org.erik)
    today = local_today(org.erik.timezone)
    ids = {}
    for days_ago in (0, 6, 20):
        day = (today - timedelta(days=days_ago)).isoformat()
        ids[days_ago] = api.post("/api/v1/entries", json=entry_body(date=day)).get_json()["id"]
    recent = api.get(f"/api/v1/entries?from={(today - timedelta(days=7)).isoformat()}&to={today.isoformat()}")
    assert [e["id"] for e in recent.get_json()] == [ids[0], ids[6]]
    assert len(api.get("/api/v1/entries").get_json()) == 3
    bad = api.get(f"/api/v1/entries?from={today.isoformat()}&to={(today - timedelta(days=1)).isoformat()}")
    assert bad.status_code == 422 and "from" in bad.get_json()["errors"]["query"]
    assert api.get("/api/v1/entries?from=soon").status_code == 422


def test_edit_and_delete(org, login):
    api = login(org.erik)
    entry = api.post("/api/v1/entries", json=entry_body()).get_json()
    path = f"/api/v1/entries/{entry['id']}"
    last_week = (local_today(org.erik.timezone) - timedelta(days=7)).isoformat()
    changed = api.patch(path, json={"minutes": 40, "date": last_week, "note": None, "activity": "book"})
    assert changed.status_code == 200, changed.get_json()
    body = changed.get_json()
    assert (body["minutes"], body["date"], body["note"], body["activity"]) == (40, last_week, None, "book")
    db.session.expire_all()
    stored = db.session.get(Entry, entry["id"])
    assert stored.week_start.isoformat() == body["week_start"] and stored.week_start.weekday() == 0
    assert api.patch(path, json={"minutes": 700}).status_code == 422
    assert api.patch(path, json={"activity": "nap"}).status_code == 422
    assert api.delete(path).status_code == 204
    assert api.get(path).status_code == 404 and rows() == 0


def test_edit_keeps_the_day_under_24_hours(org, login):
    api = login(org.erik)
    day = (local_today(org.erik.timezone) - timedelta(days=1)).isoformat()
    for _ in range(2):
        api.post("/api/v1/entries", json=entry_body(date=day, minutes=600))
    short = api.post("/api/v1/entries", json=entry_body(date=day, minutes=200)).get_json()
    # Editing an entry does not count its old minutes twice: 600 + 600 + 240 is exactly a day.
    assert api.patch(f"/api/v1/entries/{short['id']}", json={"minutes": 240}).status_code == 200
    response = api.patch(f"/api/v1/entries/{short['id']}", json={"minutes": 241})
    assert response.status_code == 422 and "minutes" in response.get_json()["errors"]["json"]


def test_csrf_needed_for_cookie_writes(org, login):
    api = login(org.erik)
    api.csrf_token = None
    assert api.post("/api/v1/entries", json=entry_body()).status_code == 403


def test_weeks_endpoints(org, login):
    api = login(org.erik)
    today = local_today(org.erik.timezone)
    api.post("/api/v1/entries", json=entry_body(minutes=45, activity="course"))
    api.post("/api/v1/entries", json=entry_body(minutes=20, date=(today - timedelta(weeks=1)).isoformat()))
    current = api.get("/api/v1/me/weeks/current").get_json()
    assert current["minutes"] == 45 and current["goal_minutes"] == 60 and current["remaining_minutes"] == 15
    assert current["by_activity"] == {"course": 45} and current["met"] is False and current["away"] is False
    assert set(current) >= {"week", "week_start", "streak_weeks"}
    weeks = api.get("/api/v1/me/weeks?count=3").get_json()
    assert [w["minutes"] for w in weeks] == [45, 20, 0]
    assert weeks[0] == current
    assert len(api.get("/api/v1/me/weeks").get_json()) == 12
    for bad in ("0", "105", "many", "-1"):
        response = api.get(f"/api/v1/me/weeks?count={bad}")
        assert response.status_code == 422 and "count" in response.get_json()["errors"]["query"]
    assert len(api.get("/api/v1/me/weeks?count=104").get_json()) == 104


def test_away_periods(org, login, clock):
    clock.set(datetime(2026, 11, 18, 10, 0, tzinfo=UTC))  # the current week is 2026-W47, not the W53 below
    api = login(org.erik)
    monday = local_today(org.erik.timezone) - timedelta(days=local_today(org.erik.timezone).weekday())
    created = api.post(
        "/api/v1/me/away",
        json={
            "starts_on": monday.isoformat(),
            "ends_on": (monday + timedelta(days=4)).isoformat(),
            "reason": "parental_leave",
        },
    )
    assert created.status_code == 201, created.get_json()
    current = api.get("/api/v1/me/weeks/current").get_json()
    assert current["away"] is True and current["goal_minutes"] == 0 and current["remaining_minutes"] == 0
    week = api.post("/api/v1/me/away", json={"week": "2026-W53", "reason": "holiday"}).get_json()
    assert (week["starts_on"], week["ends_on"]) == ("2026-12-28", "2027-01-03")
    assert len(api.get("/api/v1/me/away").get_json()) == 2
    for bad, field in [
        ({"week": "2027-W53"}, "week"),
        ({"starts_on": "2026-01-02"}, "ends_on"),
        ({"starts_on": "2026-01-05", "ends_on": "2026-01-01"}, "ends_on"),
        ({"week": "2026-W10", "reason": "bored"}, "reason"),
    ]:
        response = api.post("/api/v1/me/away", json=bad)
        assert response.status_code == 422 and field in response.get_json()["errors"]["json"], bad
    assert login(org.sara).delete(f"/api/v1/me/away/{week['id']}").status_code == 404
    assert login(org.sara).get("/api/v1/me/away").get_json() == []
    assert api.delete(f"/api/v1/me/away/{created.get_json()['id']}").status_code == 204
    assert api.get("/api/v1/me/weeks/current").get_json()["away"] is False


def test_personal_data_export_and_erase(app, org, login):
    api = login(org.erik)
    api.post("/api/v1/entries", json=entry_body(minutes=30))
    api.post("/api/v1/me/away", json={"week": "2026-W52"})
    login(org.sara).post("/api/v1/entries", json=entry_body(minutes=15, note="Saras egen anteckning"))
    export, erase = app.extensions["personal_data"]["log"]
    db.session.expire_all()
    erik = db.session.get(type(org.erik), org.erik.id)
    data = export(erik)
    assert [e["note"] for e in data["entries"]] == ["Testa property-based testing i nästa sprint"]
    assert len(data["away_periods"]) == 1
    erase(erik)
    db.session.commit()
    assert export(erik)["away_periods"] == []
    kept = service.entries_in_range(erik)
    assert [(e.minutes, e.note, e.title) for e in kept] == [(30, None, "")]
    assert service.week_summary(erik)["minutes"] == 30  # team totals stay the same
    sara_entries = service.entries_in_range(org.sara)
    assert sara_entries[0].note == "Saras egen anteckning"


def test_knowledge_session_entry_is_logged_once(org):
    from datetime import date

    entry_id = uuid.uuid4()
    first, created = service.log_knowledge_session(
        org.erik, entry_id=entry_id, date=date(2026, 11, 20), minutes=90, title="Kunskapsdelning: Git internals"
    )
    db.session.commit()
    again, created_again = service.log_knowledge_session(
        org.erik, entry_id=entry_id, date=date(2026, 11, 20), minutes=90, title="Kunskapsdelning: Git internals"
    )
    assert (created, created_again) == (True, False) and again.id == first.id == str(entry_id)
    assert first.activity == "knowledge_session" and first.week_start == date(2026, 11, 16)
    assert rows() == 1
