"""Admin endpoints: the organisation's people and its settings."""

import pytest

from server.extensions import db
from server.teams import service as teams
from tests.support import PASSWORD, ApiClient


def test_admin_lists_the_organisations_people_with_roles_and_teams(login, org):
    people = login(org.admin).get("/api/v1/admin/users")
    assert people.status_code == 200
    by_email = {p["email"]: p for p in people.get_json()}
    assert set(by_email) == {
        "admin@acme.example",
        "maja@acme.example",
        "erik@acme.example",
        "sara@acme.example",
        "lars@acme.example",
        "nora@acme.example",
    }
    assert by_email["maja@acme.example"]["role"] == "manager"
    assert by_email["maja@acme.example"]["managed_team_ids"] == [org.product.id]
    assert by_email["erik@acme.example"]["teams"] == [{"id": org.product.id, "name": "Product"}]
    assert all(p["active"] for p in by_email.values())


@pytest.mark.parametrize("who", ["erik", "maja"])
def test_only_admins_reach_the_admin_endpoints(login, org, who):
    api = login(getattr(org, who))
    assert api.get("/api/v1/admin/users").status_code == 403
    assert api.patch(f"/api/v1/admin/users/{org.sara.id}", json={"role": "admin"}).status_code == 403
    assert api.patch("/api/v1/organisation", json={"show_individual_minutes": True}).status_code == 403


def test_another_organisations_people_do_not_exist(login, org):
    api = login(org.outsider_admin)
    assert api.patch(f"/api/v1/admin/users/{org.erik.id}", json={"active": False}).status_code == 404
    assert [p["email"] for p in api.get("/api/v1/admin/users").get_json()] == [
        "boss@other.example",
        "olle@other.example",
    ]
    db.session.expire_all()
    assert org.erik.active is True


def test_deactivation_ends_sessions_and_tokens_but_keeps_the_data(login, org, app, client):
    erik = login(org.erik)
    token = erik.post("/api/v1/auth/tokens", json={"name": "shortcut"}).get_json()["token"]
    admin = login(org.admin)
    changed = admin.patch(f"/api/v1/admin/users/{org.erik.id}", json={"active": False})
    assert changed.status_code == 200 and changed.get_json()["active"] is False
    assert changed.get_json()["deactivated_at"].endswith("+00:00")
    assert erik.get("/api/v1/me").status_code == 401
    assert ApiClient(app.test_client(), bearer=token).get("/api/v1/me").status_code == 401
    assert (
        client.post("/api/v1/auth/login", json={"email": "erik@acme.example", "password": PASSWORD}).status_code == 401
    )
    db.session.expire_all()
    assert org.erik.email == "erik@acme.example"
    assert org.erik.id in teams.member_ids(org.product.id)
    # reactivated, Erik signs in again
    assert admin.patch(f"/api/v1/admin/users/{org.erik.id}", json={"active": True}).get_json()["active"]
    assert login(org.erik).get("/api/v1/me").status_code == 200


def test_admin_changes_roles_and_names(login, org):
    admin = login(org.admin)
    promoted = admin.patch(f"/api/v1/admin/users/{org.sara.id}", json={"role": "manager", "name": "Sara S"})
    assert promoted.get_json()["role"] == "manager" and promoted.get_json()["name"] == "Sara S"
    demoted = admin.patch(f"/api/v1/admin/users/{org.maja.id}", json={"role": "employee"})
    assert demoted.status_code == 200
    # an employee no longer manages a team, so no longer sees its totals
    assert demoted.get_json()["managed_team_ids"] == []
    bad = admin.patch(f"/api/v1/admin/users/{org.sara.id}", json={"role": "boss", "active": "maybe"})
    assert bad.status_code == 422 and {"role", "active"} <= set(bad.get_json()["errors"]["json"])


def test_an_admin_cannot_deactivate_or_demote_themselves(login, org):
    admin = login(org.admin)
    assert admin.patch(f"/api/v1/admin/users/{org.admin.id}", json={"active": False}).status_code == 409
    assert admin.patch(f"/api/v1/admin/users/{org.admin.id}", json={"role": "employee"}).status_code == 409
    assert admin.patch(f"/api/v1/admin/users/{org.admin.id}", json={"name": "Boss"}).status_code == 200
    assert admin.get("/api/v1/me").get_json()["role"] == "admin"


def test_every_member_reads_the_organisation_settings(login, org):
    settings = login(org.erik).get("/api/v1/organisation")
    assert settings.status_code == 200
    assert settings.get_json() == {
        "id": org.erik.organisation_id,
        "name": "Acme AB",
        "timezone": "Europe/Stockholm",
        "weekly_goal_minutes": 60,
        "default_locale": "sv",
        "show_individual_minutes": False,
        "min_group_size": 5,
        "password_sign_in_admins_only": False,
        "country": "SE",  # of the time zone, since none was chosen
        "holiday_goal": "full",
    }


def test_admin_changes_the_organisation_settings(login, org):
    admin = login(org.admin)
    changed = admin.patch(
        "/api/v1/organisation",
        json={
            "show_individual_minutes": True,
            "weekly_goal_minutes": 90,
            "timezone": "Europe/Oslo",
            "default_locale": "nb",
        },
    )
    assert changed.status_code == 200
    assert login(org.erik).get("/api/v1/organisation").get_json()["show_individual_minutes"] is True
    assert login(org.erik).get("/api/v1/me").get_json()["effective_goal_minutes"] == 90
    bad = admin.patch("/api/v1/organisation", json={"timezone": "Nowhere/Land"})
    assert bad.status_code == 422 and "timezone" in bad.get_json()["errors"]["json"]
    bad = admin.patch("/api/v1/organisation", json={"weekly_goal_minutes": 0, "default_locale": "de"})
    assert {"weekly_goal_minutes", "default_locale"} <= set(bad.get_json()["errors"]["json"])
    assert login(org.outsider_admin).get("/api/v1/organisation").get_json()["weekly_goal_minutes"] == 60


@pytest.mark.parametrize(
    ("method", "path", "body", "field"),
    [
        ("PATCH", "/api/v1/me", {"name": "   "}, "name"),
        ("PATCH", "/api/v1/admin/users/{erik}", {"name": " \t "}, "name"),
        ("PATCH", "/api/v1/organisation", {"name": "  "}, "name"),
        ("POST", "/api/v1/auth/tokens", {"name": " "}, "name"),
        ("POST", "/api/v1/teams", {"name": "   "}, "name"),
    ],
)
def test_a_blank_name_is_refused_naming_the_field(login, org, method, path, body, field):
    api = login(org.admin)
    answer = api.open(method, path.format(erik=org.erik.id), json=body)
    assert answer.status_code == 422 and field in answer.get_json()["errors"]["json"], answer.get_json()
    db.session.expire_all()
    assert org.erik.name == "Erik" and org.admin.name == "Admin"


def test_a_blank_name_cannot_join(login, org, app):
    token = login(org.admin).post("/api/v1/invites", json={}).get_json()["token"]
    body = {"name": "  ", "email": "new@acme.example", "password": "a-long-enough-password"}
    answer = app.test_client().post(f"/api/v1/invites/{token}/accept", json=body)
    assert answer.status_code == 422 and "name" in answer.get_json()["errors"]["json"]
