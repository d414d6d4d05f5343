"""Groups from the directory are teams: their members count in the team's totals the week they are
in it, managers and admins see them, and a directory's group never reaches another organisation."""

from server.accounts.models import Organisation
from server.extensions import db
from tests.scim.conftest import GROUP


def test_a_directory_group_becomes_a_team_with_totals(org, login, directory, clock):
    db.session.get(Organisation, org.admin.organisation_id).min_group_size = 3
    db.session.commit()
    people = (org.erik, org.sara, org.nora)
    created = directory.post(
        "/Groups",
        {"schemas": [GROUP], "displayName": "Platform", "members": [{"value": str(p.id)} for p in people]},
    )
    assert created.status_code == 201
    team_id = int(created.get_json()["id"])
    for person, minutes in zip(people, (20, 25, 45), strict=True):
        entry = {"date": clock.today().isoformat(), "minutes": minutes, "activity": "course", "title": "SCIM"}
        assert login(person).post("/api/v1/entries", json=entry).status_code == 201

    admin = login(org.admin)
    listed = {t["name"]: t for t in admin.get("/api/v1/teams").get_json()}
    assert listed["Platform"]["member_count"] == 3
    week = admin.get(f"/api/v1/teams/{team_id}/totals?weeks=1").get_json()["weeks"][-1]
    assert (week["total_minutes"], week["member_count"]) == (90, 3)
    assert {t["name"] for t in login(org.nora).get("/api/v1/me").get_json()["teams"]} == {"Platform", "Support"}
    # The other organisation's admin does not see the directory's team.
    assert login(org.outsider_admin).get(f"/api/v1/teams/{team_id}/totals?weeks=1").status_code == 404

    removed = directory.patch(f"/Groups/{team_id}", [{"op": "remove", "path": f'members[value eq "{org.nora.id}"]'}])
    assert removed.status_code == 204
    assert {t["name"]: t["member_count"] for t in admin.get("/api/v1/teams").get_json()}["Platform"] == 2
    assert {t["name"] for t in login(org.nora).get("/api/v1/me").get_json()["teams"]} == {"Support"}
