"""Planning knowledge sessions: who may plan, change and remove them, what everyone sees."""

from datetime import UTC, datetime, timedelta

from server.sessions import service
from tests.sessions.helpers import at, plan, session_body


def test_plan_a_session_hosted_by_its_planner(org, login):
    api = login(org.erik)
    body = session_body(capacity=12)
    response = api.post("/api/v1/sessions", json=body)
    assert response.status_code == 201, response.get_json()
    session = response.get_json()
    assert session["title"] == body["title"] and session["place"] == body["place"]
    assert session["host"] == {"id": org.erik.id, "name": org.erik.name} and session["host_id"] == org.erik.id
    assert session["capacity"] == 12 and session["places_left"] == 12 and session["rsvp_count"] == 0
    assert session["attending"] is False and session["can_edit"] is True
    assert datetime.fromisoformat(session["starts_at"]) == datetime.fromisoformat(body["starts_at"])
    assert session["started"] is False and session["ended"] is False


def test_times_in_another_zone_are_the_same_moment(org, login):
    session = plan(login(org.erik), starts_at="2030-03-05T08:00:00+01:00", ends_at="2030-03-05T09:30:00+01:00")
    assert datetime.fromisoformat(session["starts_at"]) == datetime(2030, 3, 5, 7, 0, tzinfo=UTC)
    assert datetime.fromisoformat(session["ends_at"]) == datetime(2030, 3, 5, 8, 30, tzinfo=UTC)


def test_someone_else_may_host(org, login):
    session = plan(login(org.erik), host_id=org.nora.id)
    assert session["host"]["name"] == org.nora.name
    assert login(org.nora).patch(f"/api/v1/sessions/{session['id']}", json={"place": "Kafét"}).status_code == 200


def test_validation_names_the_field(org, login):
    api = login(org.erik)
    cases = [
        (session_body(ends_at=at(23)), "ends_at"),
        (session_body(ends_at=session_body()["starts_at"]), "ends_at"),
        (session_body(capacity=0), "capacity"),
        (session_body(capacity="many"), "capacity"),
        (session_body(title="   "), "title"),
        ({"starts_at": at(2)}, "title"),
        (session_body(starts_at="next tuesday"), "starts_at"),
        (session_body(host_id=org.outsider.id), "host_id"),
        (session_body(host_id=999_999), "host_id"),
    ]
    for body, field in cases:
        response = api.post("/api/v1/sessions", json=body)
        assert response.status_code == 422, (body, response.get_json())
        assert field in response.get_json()["errors"]["json"], (field, response.get_json())
    assert api.get("/api/v1/sessions").get_json() == []


def test_list_upcoming_soonest_first_and_all_latest_first(org, login):
    api = login(org.erik)
    later = plan(api, title="Later", starts_at=at(48), ends_at=at(49))
    soon = plan(api, title="Soon", starts_at=at(2), ends_at=None)
    running = plan(api, title="Running now", starts_at=at(-1), ends_at=at(1))
    over = plan(api, title="Over", starts_at=at(-5), ends_at=at(-4))
    no_end_over = plan(api, title="No end, started two hours ago", starts_at=at(-2), ends_at=None)
    upcoming = login(org.nora).get("/api/v1/sessions?upcoming=true").get_json()
    assert [s["id"] for s in upcoming] == [running["id"], soon["id"], later["id"]]
    everything = api.get("/api/v1/sessions").get_json()
    assert [s["id"] for s in everything] == [later["id"], soon["id"], running["id"], no_end_over["id"], over["id"]]
    assert {s["id"]: s["ended"] for s in everything}[over["id"]] is True


def test_other_organisations_sessions_do_not_exist(org, login):
    session = plan(login(org.erik))
    outsider = login(org.outsider_admin)
    assert outsider.get("/api/v1/sessions").get_json() == []
    path = f"/api/v1/sessions/{session['id']}"
    for response in (
        outsider.get(path),
        outsider.patch(path, json={"title": "Mine"}),
        outsider.delete(path),
        outsider.put(f"{path}/rsvp"),
        outsider.delete(f"{path}/rsvp"),
        outsider.post(f"{path}/attended"),
    ):
        assert response.status_code == 404
        assert session["title"] not in response.get_data(as_text=True)


def test_host_planner_or_admin_may_change_and_remove(org, login):
    session = plan(login(org.erik), host_id=org.sara.id)
    path = f"/api/v1/sessions/{session['id']}"
    assert login(org.nora).patch(path, json={"title": "Taken over"}).status_code == 403
    assert login(org.maja).delete(path).status_code == 403
    assert login(org.erik).patch(path, json={"title": "By the planner"}).get_json()["title"] == "By the planner"
    assert login(org.sara).patch(path, json={"capacity": 5}).get_json()["places_left"] == 5
    changed = login(org.admin).patch(path, json={"ends_at": None, "host_id": org.nora.id}).get_json()
    assert changed["ends_at"] is None and changed["host"]["id"] == org.nora.id
    assert login(org.admin).delete(path).status_code == 204
    assert login(org.erik).get(path).status_code == 404


def test_changes_are_checked_against_what_is_stored(org, login):
    session = plan(login(org.erik), capacity=3)
    path = f"/api/v1/sessions/{session['id']}"
    erik = login(org.erik)
    response = erik.patch(path, json={"starts_at": at(30)})  # after the stored end
    assert response.status_code == 422 and "ends_at" in response.get_json()["errors"]["json"]
    assert erik.patch(path, json={"host_id": org.outsider.id}).status_code == 422
    for person in (org.sara, org.nora):
        assert login(person).put(f"{path}/rsvp").status_code == 201
    response = erik.patch(path, json={"capacity": 1})
    assert response.status_code == 422 and "capacity" in response.get_json()["errors"]["json"]
    assert erik.get(path).get_json()["capacity"] == 3


def test_upcoming_is_decided_by_the_end_or_an_hour_after_the_start(org):
    from server.extensions import db

    now = datetime(2030, 1, 7, 9, 0, tzinfo=UTC)
    session = service.create_session(org.erik, {"title": "Lunch talk", "starts_at": now - timedelta(minutes=59)})
    db.session.commit()
    assert [s.id for s in service.list_sessions(org.erik.organisation_id, upcoming=True, now=now)] == [session.id]
    later = now + timedelta(minutes=2)
    assert service.list_sessions(org.erik.organisation_id, upcoming=True, now=later) == []
    assert service.session_minutes(session) == 60


def test_anonymous_callers_are_refused(client, org):
    assert client.get("/api/v1/sessions").status_code == 401
    assert client.post("/api/v1/sessions", json=session_body()).status_code == 401
