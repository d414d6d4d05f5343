"""Who may see team totals: the team's managers and the organisation's admins, nobody else."""

import pytest

from server.accounts.models import Organisation
from server.extensions import db

PATHS = ["/api/v1/teams/{id}/totals", "/api/v1/teams/{id}/totals.csv"]
WHO = [
    ("anonymous", 401),
    ("erik", 403),  # an employee of the team
    ("lars", 403),  # the manager of another team
    ("maja", 200),  # the manager of the team
    ("admin", 200),
    ("outsider_admin", 404),  # an admin of another organisation: the team does not exist for them
    ("outsider", 404),
]


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize(("who", "status"), WHO)
def test_team_totals_permission_matrix(org, login, client, path, who, status):
    api = client if who == "anonymous" else login(getattr(org, who))
    response = api.get(path.format(id=org.product.id))
    assert response.status_code == status, (who, response.data[:200])
    if status == 200:
        assert response.headers["Content-Type"].startswith("application/json" if "csv" not in path else "text/csv")
    elif "csv" not in path:
        assert response.get_json()["code"] == status


def test_unknown_team_is_404_for_an_admin(org, login):
    assert login(org.admin).get("/api/v1/teams/999999/totals").status_code == 404


@pytest.mark.parametrize(
    ("who", "status"), [("anonymous", 401), ("erik", 403), ("maja", 403), ("admin", 200), ("outsider_admin", 200)]
)
def test_organisation_rollup_is_for_admins(org, login, client, who, status):
    api = client if who == "anonymous" else login(getattr(org, who))
    response = api.get("/api/v1/organisation/totals")
    assert response.status_code == status
    if who == "admin":
        assert response.get_json()["team"] == {"id": org.admin.organisation_id, "name": "Acme AB"}
    if who == "outsider_admin":
        assert response.get_json()["team"]["name"] == "Other Oy"


def test_outsider_admin_rollup_has_none_of_our_people(org, login, log_time):
    log_time(org.erik, 45)
    db.session.get(Organisation, org.outsider_admin.organisation_id).show_individual_minutes = True
    db.session.commit()
    body = login(org.outsider_admin).get("/api/v1/organisation/totals").get_json()
    assert body["weeks"][0]["total_minutes"] == 0
    assert {m["user_id"] for m in body["members"]} == {org.outsider_admin.id, org.outsider.id}


@pytest.mark.parametrize("weeks", ["0", "105", "-1", "abc", "12.5"])
def test_weeks_out_of_range_is_422_naming_the_field(org, login, weeks):
    for path in ("/api/v1/teams/{id}/totals", "/api/v1/teams/{id}/totals.csv", "/api/v1/organisation/totals"):
        response = login(org.admin).get(path.format(id=org.product.id) + f"?weeks={weeks}")
        assert response.status_code == 422, path
        assert "weeks" in response.get_json()["errors"]["query"]


def test_team_list_says_what_each_user_may_see(org, login):
    managed = {t["name"]: t for t in login(org.maja).get("/api/v1/teams").get_json()}
    assert managed["Product"]["managed"] is True and managed["Product"]["may_view_totals"] is True
    assert managed["Product"]["member_count"] == 3
    assert "Support" not in managed
    everything = {t["name"]: t for t in login(org.admin).get("/api/v1/teams").get_json()}
    assert set(everything) == {"Product", "Support"}
    assert all(t["may_view_totals"] and not t["managed"] for t in everything.values())
    employee = login(org.erik).get("/api/v1/teams").get_json()
    assert [(t["name"], t["may_view_totals"]) for t in employee] == [("Product", False)]
