"""The resources a team spent time with and saved, and the aggregates behind them."""

from datetime import timedelta

from server.extensions import db
from server.log import aggregates
from server.teams import service as teams


def _share(api, title: str, url: str) -> int:
    response = api.post("/api/v1/resources", json={"url": url, "kind": "podcast", "title": title})
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def test_most_logged_and_most_saved_of_the_team(org, login, log_time):
    erik, sara, nora = login(org.erik), login(org.sara), login(org.nora)
    deep = _share(erik, "Deep work, episode 12", "https://podcasts.example/deep-12")
    lean = _share(sara, "Lean product talk", "https://talks.example/lean")
    other = _share(nora, "Support stories", "https://support.example/stories")
    log_time(org.erik, 30, resource_id=deep)
    log_time(org.sara, 20, resource_id=deep, weeks_ago=1)
    log_time(org.sara, 60, resource_id=lean)
    log_time(org.nora, 50, resource_id=other)
    for api, rid in ((erik, lean), (sara, lean), (erik, deep), (nora, other)):
        assert api.put(f"/api/v1/resources/{rid}/save").status_code in (200, 201, 204)
    assert erik.delete(f"/api/v1/resources/{deep}").status_code in (200, 204)

    top = login(org.maja).get(f"/api/v1/teams/{org.product.id}/totals").get_json()["top_resources"]
    assert [(r["id"], r["entries"], r["minutes"]) for r in top["most_logged"]] == [(deep, 2, 50), (lean, 1, 60)]
    assert top["most_logged"][0]["title"] == "Deep work, episode 12" and top["most_logged"][0]["removed"] is True
    assert [(r["id"], r["saves"]) for r in top["most_saved"]] == [(lean, 2)]
    assert other not in {r["id"] for r in top["most_logged"] + top["most_saved"]}

    rollup = login(org.admin).get("/api/v1/organisation/totals").get_json()["top_resources"]
    assert {r["id"] for r in rollup["most_logged"]} == {deep, lean, other}


def test_spans_limit_each_member_to_their_weeks(org, log_time, this_monday):
    for weeks_ago in range(4):
        log_time(org.erik, 10 + weeks_ago, weeks_ago=weeks_ago, activity="book")
        log_time(org.sara, 1, weeks_ago=weeks_ago)
    first, last = this_monday - timedelta(weeks=3), this_monday
    spans = [(org.erik.id, this_monday - timedelta(weeks=2), this_monday - timedelta(weeks=1)), org.sara.id]
    assert sorted(aggregates.minutes_by_week(spans, first, last)) == sorted(
        [(first + timedelta(weeks=i), "podcast", 1) for i in range(4)]
        + [(this_monday - timedelta(weeks=2), "book", 12), (this_monday - timedelta(weeks=1), "book", 11)]
    )
    assert sorted(aggregates.member_week_minutes(spans, first, last))[:2] == [
        (org.erik.id, this_monday - timedelta(weeks=2), 12),
        (org.erik.id, this_monday - timedelta(weeks=1), 11),
    ]
    assert (org.erik.id, this_monday, "book", 10) in aggregates.minutes_by_member_week([org.erik.id], first, last)
    assert aggregates.minutes_by_week([], first, last) == []


def test_first_team_gets_the_weeks_before_joining(org, login, log_time):
    """People created today log last week's learning: their first team shows it."""
    log_time(org.erik, 45, weeks_ago=1)
    teams.add_member(org.support, org.erik)
    db.session.commit()
    product = login(org.admin).get(f"/api/v1/teams/{org.product.id}/totals?weeks=2").get_json()
    support = login(org.admin).get(f"/api/v1/teams/{org.support.id}/totals?weeks=2").get_json()
    assert product["weeks"][1]["total_minutes"] == 45
    # Support (two people) is below the minimum group size: its week is withheld, not credited.
    assert support["weeks"][1]["suppressed"] and support["weeks"][1]["member_count"] == 2
    assert support["weeks"][0]["member_count"] == 3
