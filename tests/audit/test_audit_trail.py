"""Who changed what: admin and manager actions land in the audit trail, admins read it newest first,
it keeps what the organisation said it would keep, and no personal learning data goes into it."""

from datetime import timedelta

from server.audit.models import AuditEvent
from server.clock import utcnow
from server.extensions import db
from tests.support import PASSWORD


def _trail(api, **query):
    answer = api.get("/api/v1/admin/audit", query_string=query)
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()


def test_admin_actions_are_recorded_with_who_what_when_and_target(login, org):
    admin = login(org.admin)
    admin.patch(f"/api/v1/admin/users/{org.sara.id}", json={"role": "manager"})
    admin.patch(f"/api/v1/admin/users/{org.nora.id}", json={"active": False})
    admin.patch("/api/v1/organisation", json={"weekly_goal_minutes": 45, "show_individual_minutes": True})
    team = admin.post("/api/v1/teams", json={"name": "Data"}).get_json()
    admin.patch(f"/api/v1/teams/{team['id']}", json={"name": "Data & AI"})
    admin.post(f"/api/v1/teams/{team['id']}/members", json={"user_id": org.erik.id})
    admin.post(f"/api/v1/teams/{team['id']}/managers", json={"user_id": org.sara.id})
    invite = admin.post(f"/api/v1/teams/{org.product.id}/invites", json={"email": "ny@acme.example"}).get_json()
    admin.delete(f"/api/v1/invites/{invite['id']}")
    admin.post(f"/api/v1/admin/users/{org.erik.id}/reset-link")
    login(org.maja).get(f"/api/v1/teams/{org.product.id}/totals.csv")

    items = _trail(admin)["items"]
    actions = [item["action"] for item in items]
    assert actions == [
        "totals.exported",
        "person.reset_link_issued",
        "invite.revoked",
        "invite.created",
        "team.manager_added",
        "team.member_added",
        "team.renamed",
        "team.created",
        "organisation.settings_changed",
        "person.deactivated",
        "person.role_changed",
    ]
    role = items[-1]
    assert role["actor"] == {"id": org.admin.id, "name": org.admin.name}
    assert role["target"] == {"type": "person", "id": org.sara.id, "name": org.sara.name}
    assert role["details"] == {"role": ["employee", "manager"]} and role["at"].endswith("+00:00")
    settings = items[-3]["details"]
    assert settings == {"weekly_goal_minutes": [60, 45], "show_individual_minutes": [False, True]}
    assert items[0]["actor"]["name"] == org.maja.name and items[0]["details"]["format"] == "csv"
    assert items[6]["details"] == {"team": "Data & AI", "previous": "Data"}


def test_only_admins_read_it_and_only_their_own_organisation(login, org):
    login(org.admin).patch(f"/api/v1/admin/users/{org.sara.id}", json={"role": "manager"})
    assert login(org.maja).get("/api/v1/admin/audit").status_code == 403
    assert login(org.erik).get("/api/v1/admin/audit").status_code == 403
    assert _trail(login(org.outsider_admin))["items"] == []


def test_pages_newest_first(login, org):
    admin = login(org.admin)
    for n in range(5):
        admin.post("/api/v1/teams", json={"name": f"Team {n}"})
    first = _trail(admin, limit=2)
    second = _trail(admin, limit=2, cursor=first["next_cursor"])
    third = _trail(admin, limit=2, cursor=second["next_cursor"])
    names = [i["target"]["name"] for i in first["items"] + second["items"] + third["items"]]
    assert names == ["Team 4", "Team 3", "Team 2", "Team 1", "Team 0"] and third["next_cursor"] is None


def test_old_events_are_not_kept_beyond_the_retention(login, org, app):
    admin = login(org.admin)
    admin.post("/api/v1/teams", json={"name": "Old"})
    long_ago = utcnow() - timedelta(days=app.config["AUDIT_RETENTION_DAYS"] + 1)
    db.session.execute(db.update(AuditEvent).values(at=long_ago))
    db.session.commit()
    admin.post("/api/v1/teams", json={"name": "New"})
    assert [i["target"]["name"] for i in _trail(admin)["items"]] == ["New"]


def test_no_learning_data_and_a_deleted_persons_name_leaves(login, org):
    erik = login(org.erik)
    erik.post(
        "/api/v1/entries",
        json={"minutes": 30, "activity": "podcast", "title": "Secret podcast", "note": "PRIVATE NOTE"},
    )
    admin = login(org.admin)
    admin.patch(f"/api/v1/admin/users/{org.erik.id}", json={"name": "Erik J"})
    assert erik.delete("/api/v1/me", json={"password": PASSWORD}).status_code == 204
    items = _trail(admin)["items"]
    text = str(items)
    assert "Secret podcast" not in text and "PRIVATE NOTE" not in text and "Erik" not in text
    assert [i["action"] for i in items] == ["person.deleted_own_account", "person.renamed"]
    assert items[0]["actor"]["name"] == "Deleted user" and items[1]["target"]["name"] == "Deleted user"


def test_the_command_line_is_named_as_the_actor(runner, org, login):
    result = runner.invoke(args=["invites", "create", "--team", "Support", "--organisation", "Acme AB"])
    assert result.exit_code == 0, result.output
    [item] = _trail(login(org.admin))["items"]
    assert item["action"] == "invite.created" and item["actor"] == {"id": None, "name": "command line"}
