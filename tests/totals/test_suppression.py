"""Totals never single anyone out: a week of a group smaller than the organisation's minimum group
size is withheld (figures null, `suppressed: true`) in the JSON, the CSV and the workbook, unless the
organisation shows individual minutes to managers, which everyone can see."""

import csv
import io
from datetime import timedelta

import pytest

from server.accounts.models import Organisation
from server.extensions import db
from server.teams import service as teams

DEFAULT_GROUP_SIZE = True  # the organisation's own minimum, not the sums tests' groups of three
WITHHELD = ("total_minutes", "members_met_goal", "by_activity", "sessions_hosted", "sessions_attended")


def _organisation(user) -> Organisation:
    return db.session.get(Organisation, user.organisation_id)


def _grow_product(org, make_user, size: int):
    """Product has Maja, Erik and Sara; add people until it has `size` members."""
    for i in range(size - 3):
        make_user(f"extra{i}@acme.example", team="Product")


def _totals(login, who, team, weeks=2):
    response = login(who).get(f"/api/v1/teams/{team.id}/totals?weeks={weeks}")
    assert response.status_code == 200
    return response.get_json()


def test_the_default_minimum_is_five_and_a_team_of_three_is_withheld(org, login, log_time):
    log_time(org.erik, 30, activity="book")
    assert _organisation(org.erik).min_group_size == 5
    body = _totals(login, org.maja, org.product)
    assert body["min_group_size"] == 5 and body["show_individual_minutes"] is False
    for week in body["weeks"]:
        assert week["suppressed"] is True and week["member_count"] == 3
        assert all(week[key] is None for key in WITHHELD), week
    assert body["top_resources"] is None and "members" not in body


@pytest.mark.parametrize(("size", "minimum", "withheld"), [(5, 5, False), (4, 5, True), (3, 3, False), (5, 6, True)])
def test_the_boundary_is_exactly_the_minimum(org, login, log_time, make_user, size, minimum, withheld):
    _grow_product(org, make_user, size)
    _organisation(org.erik).min_group_size = minimum
    db.session.commit()
    log_time(org.erik, 40, activity="podcast")
    now = _totals(login, org.maja, org.product)["weeks"][0]
    assert now["member_count"] == size and now["suppressed"] is withheld
    if withheld:
        assert all(now[key] is None for key in WITHHELD)
    else:
        assert now["total_minutes"] == 40 and now["by_activity"] == {"podcast": 40}
        assert now["members_met_goal"] == 0 and now["sessions_hosted"] == 0


def test_showing_individual_minutes_shows_small_groups_too(org, login, log_time):
    organisation = _organisation(org.lars)
    organisation.show_individual_minutes = True
    db.session.commit()
    log_time(org.nora, 25)
    body = _totals(login, org.lars, org.support)
    assert body["weeks"][0]["suppressed"] is False and body["weeks"][0]["total_minutes"] == 25
    assert [m["name"] for m in body["members"]] == ["Lars", "Nora"]


def test_each_week_counts_its_own_members(org, login, log_time, make_user, this_monday):
    """Product grew from four to five this week (someone moved over from Support): this week is shown,
    last week is withheld."""
    _grow_product(org, make_user, 4)
    mover = make_user("mover@acme.example")
    teams.add_member(org.support, mover, on=this_monday - timedelta(weeks=8))
    teams.remove_member(org.support, mover, on=this_monday)
    teams.add_member(org.product, mover, on=this_monday)
    db.session.commit()
    log_time(org.erik, 30, weeks_ago=1, resource_id=None)
    body = _totals(login, org.maja, org.product)
    now, last = body["weeks"]
    assert (now["member_count"], now["suppressed"]) == (5, False)
    assert (last["member_count"], last["suppressed"], last["total_minutes"]) == (4, True, None)


def test_csv_and_workbook_leave_withheld_figures_empty(org, login, log_time):
    log_time(org.erik, 30)
    maja = login(org.maja)
    rows = list(
        csv.reader(
            io.StringIO(maja.get(f"/api/v1/teams/{org.product.id}/totals.csv?weeks=2").data.decode("utf-8-sig")),
            delimiter=";",
        )
    )
    header, now = rows[0], rows[1]
    assert now[header.index("Members")] == "3"
    assert now[header.index("Withheld: group too small")] == "yes"
    for title in ("Total minutes", "Members who met their goal", "Podcast", "Sessions hosted"):
        assert now[header.index(title)] == "", title
    assert "30" not in now


def test_organisation_totals_follow_the_same_rule(org, login, log_time):
    log_time(org.erik, 30)
    body = login(org.admin).get("/api/v1/organisation/totals?weeks=1").get_json()
    assert body["weeks"][0]["member_count"] == 6 and body["weeks"][0]["total_minutes"] == 30
    _organisation(org.admin).min_group_size = 7
    db.session.commit()
    body = login(org.admin).get("/api/v1/organisation/totals?weeks=1").get_json()
    assert body["weeks"][0]["suppressed"] is True and body["weeks"][0]["total_minutes"] is None


@pytest.mark.parametrize(("value", "status"), [(2, 422), (3, 200), (50, 200), (51, 422), ("five", 422)])
def test_admins_choose_a_minimum_between_3_and_50(org, login, value, status):
    response = login(org.admin).patch("/api/v1/organisation", json={"min_group_size": value})
    assert response.status_code == status, response.get_json()
    if status == 200:
        assert response.get_json()["min_group_size"] == value
        assert login(org.erik).get("/api/v1/me").get_json()["organisation"]["min_group_size"] == value
    else:
        assert "min_group_size" in response.get_json()["errors"]["json"]
