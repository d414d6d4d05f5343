"""What managers and admins see in team totals: weekly sums, headcount, goals met, trends."""

from datetime import UTC, datetime, timedelta

from server.accounts.admin import change_person
from server.accounts.models import Organisation
from server.extensions import db
from server.log import service as log
from server.teams import service as teams
from server.totals.totals import team_totals

NOTE = "private-note-7f3a: what I would do differently"


def _show_individual_minutes(user, on: bool = True):
    db.session.get(Organisation, user.organisation_id).show_individual_minutes = on
    db.session.commit()


def test_weekly_totals_newest_first_with_activities(org, login, log_time, week_label, this_monday):
    log_time(org.erik, 30, activity="podcast")
    log_time(org.sara, 45, activity="book")
    log_time(org.sara, 20, activity="podcast")
    log_time(org.erik, 60, weeks_ago=2, activity="course")
    log_time(org.nora, 90)  # another team

    body = login(org.maja).get(f"/api/v1/teams/{org.product.id}/totals?weeks=4").get_json()
    assert body["team"] == {"id": org.product.id, "name": "Product"}
    assert body["goal_minutes"] == 60
    assert [w["week"] for w in body["weeks"]] == [week_label(i) for i in range(4)]
    assert body["weeks"][0]["week_start"] == this_monday.isoformat()
    now, _, two_ago, _ = body["weeks"]
    assert now["total_minutes"] == 95 and now["by_activity"] == {"book": 45, "podcast": 50}
    assert now["member_count"] == 3 and now["members_met_goal"] == 1  # sara: 65 of 60
    assert two_ago["total_minutes"] == 60 and two_ago["members_met_goal"] == 1
    assert body["weeks"][1] | {"week": None, "week_start": None} == {
        "week": None,
        "week_start": None,
        "total_minutes": 0,
        "member_count": 3,
        "members_met_goal": 0,
        "by_activity": {},
        "suppressed": False,
        "sessions_hosted": 0,
        "sessions_attended": 0,
        "holidays": [],
    }
    assert "members" not in body


def test_default_is_twelve_weeks(org, login):
    body = login(org.admin).get(f"/api/v1/teams/{org.product.id}/totals").get_json()
    assert len(body["weeks"]) == 12


def test_personal_goal_and_away_week_decide_who_met_it(org, login, log_time, this_monday):
    org.erik.weekly_goal_minutes = 20
    db.session.commit()
    log_time(org.erik, 25)  # meets his personal goal of 20
    log_time(org.sara, 50)  # below the organisation's 60
    log.add_away_period(org.maja, this_monday, this_monday + timedelta(days=6))
    db.session.commit()

    week = login(org.maja).get(f"/api/v1/teams/{org.product.id}/totals?weeks=1").get_json()["weeks"][0]
    # Maja is away: no goal that week, so she counts as on track (and still as a member).
    assert (week["member_count"], week["members_met_goal"]) == (3, 2)


def test_members_count_only_for_the_weeks_they_were_in_the_team(org, login, log_time, this_monday):
    db.session.execute(db.update(teams.TeamMembership).values(joined_on=this_monday - timedelta(weeks=52)))
    support = teams.find_team(org.nora.organisation_id, "Support")
    teams.remove_member(support, org.nora, on=this_monday - timedelta(weeks=3))
    teams.add_member(org.product, org.nora, on=this_monday - timedelta(weeks=2) + timedelta(days=3))
    teams.remove_member(org.product, org.erik, on=this_monday - timedelta(weeks=1) + timedelta(days=2))
    db.session.commit()
    for weeks_ago in range(5):
        log_time(org.nora, 10, weeks_ago=weeks_ago)
        log_time(org.erik, 100, weeks_ago=weeks_ago)
    _show_individual_minutes(org.maja)

    body = login(org.maja).get(f"/api/v1/teams/{org.product.id}/totals?weeks=5").get_json()
    # Nora joined Product on a Thursday two weeks ago; Erik left last Wednesday.
    assert [w["total_minutes"] for w in body["weeks"]] == [10, 110, 110, 100, 100]
    assert [w["member_count"] for w in body["weeks"]] == [3, 4, 4, 3, 3]
    assert [w["members_met_goal"] for w in body["weeks"]] == [0, 1, 1, 1, 1]
    members = {m["name"]: [w["minutes"] for w in m["weeks"]] for m in body["members"]}
    assert members["Nora"] == [10, 10, 10] and members["Erik"] == [100, 100, 100, 100]

    support_body = login(org.admin).get(f"/api/v1/teams/{support.id}/totals?weeks=5").get_json()
    # Nora left Support on a Monday three weeks ago: her last Support week is the one before.
    assert [w["total_minutes"] for w in support_body["weeks"]] == [0, 0, 0, 0, 10]


def test_a_deactivated_members_past_minutes_stay(org, login, log_time, clock):
    log_time(org.erik, 70, weeks_ago=2)
    log_time(org.erik, 15, weeks_ago=1)
    change_person(org.admin, org.erik, {"active": False})
    db.session.get(type(org.erik), org.erik.id).deactivated_at = clock.now() - timedelta(weeks=1)
    db.session.commit()

    body = login(org.maja).get(f"/api/v1/teams/{org.product.id}/totals?weeks=3").get_json()
    # Without Erik, Product has two members this week: below the minimum, so the week is withheld.
    assert [w["total_minutes"] for w in body["weeks"]] == [None, 15, 70]
    assert [w["member_count"] for w in body["weeks"]] == [2, 3, 3]
    assert body["weeks"][2]["members_met_goal"] == 1


def test_individual_minutes_only_when_the_organisation_shows_them(org, login, log_time, week_label):
    log_time(org.sara, 35)
    path = f"/api/v1/teams/{org.product.id}/totals?weeks=2"
    for who in (org.maja, org.admin):
        assert "members" not in login(who).get(path).get_json()
        assert "Sara" not in login(who).get(path.replace("totals", "totals.csv")).data.decode("utf-8-sig")

    _show_individual_minutes(org.maja)
    members = login(org.maja).get(path).get_json()["members"]
    assert [m["name"] for m in members] == ["Erik", "Maja", "Sara"]
    sara = next(m for m in members if m["name"] == "Sara")
    assert sara == {
        "user_id": org.sara.id,
        "name": "Sara",
        "weeks": [{"week": week_label(0), "minutes": 35}, {"week": week_label(1), "minutes": 0}],
    }
    assert "Sara" in login(org.maja).get(path.replace("totals", "totals.csv")).data.decode("utf-8-sig")


def test_notes_and_entry_titles_never_appear(org, login, log_time):
    _show_individual_minutes(org.maja)
    log_time(org.erik, 30, note=NOTE, title="title-9c1e of a private entry")
    log_time(org.sara, 30, weeks_ago=1, note=NOTE)
    for who in (org.maja, org.admin):
        api = login(who)
        for path in (
            f"/api/v1/teams/{org.product.id}/totals",
            f"/api/v1/teams/{org.product.id}/totals.csv",
            "/api/v1/organisation/totals",
            "/api/v1/organisation/totals.csv",
        ):
            if who is org.maja and path.startswith("/api/v1/organisation"):
                continue
            response = api.get(path)
            assert response.status_code == 200
            text = response.data.decode("utf-8-sig")
            assert "30" in text and "private-note-7f3a" not in text and "title-9c1e" not in text


def test_organisation_rollup_counts_everyone(org, login, log_time):
    log_time(org.erik, 60)
    log_time(org.nora, 30, activity="article")
    log_time(org.admin, 61)
    change_person(org.admin, org.sara, {"active": False})
    db.session.commit()
    body = login(org.admin).get("/api/v1/organisation/totals?weeks=2").get_json()
    this_week = body["weeks"][0]
    assert this_week["total_minutes"] == 151
    assert this_week["by_activity"] == {"article": 30, "podcast": 121}
    # admin, maja, erik, lars, nora; Sara was deactivated this week and still counts for it
    assert this_week["member_count"] == 6 and this_week["members_met_goal"] == 2
    assert body["weeks"][1]["member_count"] == 6


def test_weeks_follow_the_organisation_timezone(org):
    organisation = db.session.get(Organisation, org.maja.organisation_id)
    organisation.timezone = "Pacific/Auckland"
    # Sunday 2026-03-01 13:00 UTC is already Monday 2 March in Auckland: a new ISO week there.
    sunday_utc = datetime(2026, 3, 1, 13, 0, tzinfo=UTC)
    local_today = sunday_utc.astimezone(__import__("zoneinfo").ZoneInfo("Pacific/Auckland")).date()
    body = team_totals(org.product, organisation, 2, today=local_today)
    assert [w["week"] for w in body["weeks"]] == ["2026-W10", "2026-W09"]
