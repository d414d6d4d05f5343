"""Hosting: the rota suggests who has not hosted yet (or longest ago), volunteering, the host's
preparation time, and resources from the bank to read first."""

from datetime import UTC, datetime, timedelta

from server.extensions import db
from server.log.models import Entry
from server.sessions import service
from server.sessions.models import KnowledgeSession, SessionOccurrence
from tests.sessions.helpers import at, plan


def _weekly(org, first: datetime):
    made = service.plan_series(
        org.erik, {"title": "Demo", "starts_at": first, "frequency": "weekly", "timezone": "Europe/Stockholm"}
    )
    db.session.commit()
    return made


def _sessions_of(series_id: int) -> list[KnowledgeSession]:
    return list(
        db.session.scalars(
            db.select(KnowledgeSession)
            .join(SessionOccurrence, SessionOccurrence.session_id == KnowledgeSession.id)
            .where(SessionOccurrence.series_id == series_id)
            .order_by(KnowledgeSession.starts_at)
        )
    )


def test_the_rota_suggests_who_has_not_hosted_then_who_hosted_longest_ago(org, login):
    made = _weekly(org, datetime.now(UTC) - timedelta(days=21))
    service.materialise_all(now=datetime.now(UTC) - timedelta(days=21))
    service.materialise_all()
    db.session.commit()
    held = _sessions_of(made.id)
    held[0].host_id, held[1].host_id, held[2].host_id = org.erik.id, org.sara.id, org.nora.id  # three weeks
    upcoming = [s for s in held if s.starts_at.replace(tzinfo=UTC) > datetime.now(UTC)]
    upcoming[0].host_id = org.lars.id
    db.session.commit()
    login(org.maja).put(f"/api/v1/sessions/{held[1].id}/rsvp")  # Maja has been to one: she knows it
    rota = login(org.nora).get(f"/api/v1/series/{made.id}/rota").get_json()
    names = [p["name"] for p in rota]
    assert names[:2] == [org.maja.name, org.admin.name]  # never hosted; Maja joined one before
    assert names[2:] == [org.erik.name, org.sara.name, org.nora.name][: len(names) - 2]  # longest ago first
    assert org.lars.name not in names  # already hosting one to come
    assert rota[0]["times_hosted"] == 0 and rota[0]["last_hosted_on"] is None
    assert org.outsider.name not in names


def test_volunteering_to_host_a_session_without_a_host(org, login):
    made = _weekly(org, datetime.now(UTC) + timedelta(days=1))
    second = _sessions_of(made.id)[1]
    assert second.host_id is None
    path = f"/api/v1/sessions/{second.id}/host"
    taken = login(org.sara).post(path)
    assert taken.status_code == 200 and taken.get_json()["host"]["id"] == org.sara.id
    assert taken.get_json()["can_edit"] is True
    late = login(org.nora).post(path)
    assert late.status_code == 409 and late.get_json()["message"]


def test_the_host_logs_preparation_once(org, login):
    session = plan(login(org.erik), starts_at=at(48), ends_at=at(49))
    erik = login(org.erik)
    path = f"/api/v1/sessions/{session['id']}/preparation"
    first = erik.post(path, json={"minutes": 90})
    assert first.status_code == 201, first.get_json()
    entry = first.get_json()
    assert entry["minutes"] == 90 and entry["activity"] == "knowledge_session" and session["title"] in entry["title"]
    again = erik.post(path, json={"minutes": 30})
    assert again.status_code == 200 and again.get_json()["id"] == entry["id"] and again.get_json()["minutes"] == 90
    assert erik.get(f"/api/v1/sessions/{session['id']}").get_json()["preparation_minutes"] == 90
    assert login(org.sara).post(path, json={"minutes": 30}).status_code == 403
    assert erik.post(path, json={"minutes": 0}).status_code == 422
    assert db.session.scalar(db.select(db.func.count()).select_from(Entry).where(Entry.user_id == org.erik.id)) == 1


def test_resources_to_read_first(org, login):
    erik = login(org.erik)
    ours = erik.post(
        "/api/v1/resources", json={"url": "https://example.com/ddd", "kind": "book", "title": "Domain-Driven Design"}
    ).get_json()
    theirs = (
        login(org.outsider)
        .post("/api/v1/resources", json={"url": "https://example.com/x", "kind": "book", "title": "Theirs"})
        .get_json()
    )
    session = plan(erik, resource_ids=[ours["id"]])
    assert [r["title"] for r in session["resources"]] == ["Domain-Driven Design"]
    response = erik.post("/api/v1/sessions", json={"title": "x", "starts_at": at(5), "resource_ids": [theirs["id"]]})
    assert response.status_code == 422 and "resource_ids" in response.get_json()["errors"]["json"]
    cleared = erik.patch(f"/api/v1/sessions/{session['id']}", json={"resource_ids": []}).get_json()
    assert cleared["resources"] == []


def test_propose_a_session_for_someone_else_to_host(org, login):
    proposed = plan(login(org.erik), looking_for_host=True)
    assert proposed["host"] is None and proposed["can_edit"] is True  # the planner still looks after it
    taken = login(org.nora).post(f"/api/v1/sessions/{proposed['id']}/host")
    assert taken.status_code == 200 and taken.get_json()["host"]["id"] == org.nora.id
