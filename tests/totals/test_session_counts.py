"""Team totals count the knowledge sessions the team hosted and attended each week: numbers only,
withheld with the rest of a small group's week."""

from datetime import UTC, datetime, time, timedelta

from server.accounts.models import Organisation
from server.extensions import db
from server.sessions import service as sessions


def _session(host, day, hour=9, title="Frukost"):
    starts = datetime.combine(day, time(hour), UTC)
    made = sessions.create_session(host, {"title": title, "starts_at": starts, "ends_at": starts + timedelta(hours=1)})
    db.session.commit()
    return made


def test_hosted_and_attended_per_week(org, login, this_monday):
    wednesday_last_week = this_monday - timedelta(days=5)
    by_erik = _session(org.erik, wednesday_last_week)
    by_nora = _session(org.nora, wednesday_last_week, hour=12)
    _session(org.sara, this_monday + timedelta(days=30))  # not started yet: not hosted yet
    for user, held in ((org.erik, by_erik), (org.sara, by_erik), (org.maja, by_nora), (org.nora, by_nora)):
        sessions.attend(user, held)
    sessions.attend(org.sara, by_erik)  # twice is once
    db.session.commit()

    weeks = login(org.maja).get(f"/api/v1/teams/{org.product.id}/totals?weeks=3").get_json()["weeks"]
    assert [(w["sessions_hosted"], w["sessions_attended"]) for w in weeks] == [(0, 0), (1, 3), (0, 0)]
    assert weeks[1]["by_activity"]["knowledge_session"] == 180
    org_weeks = login(org.admin).get("/api/v1/organisation/totals?weeks=2").get_json()["weeks"]
    assert (org_weeks[1]["sessions_hosted"], org_weeks[1]["sessions_attended"]) == (2, 4)
    csv = login(org.maja).get(f"/api/v1/teams/{org.product.id}/totals.csv?weeks=2").data.decode("utf-8-sig")
    header, _, last = (line.split(";") for line in csv.splitlines()[:3])
    assert (last[header.index("Sessions hosted")], last[header.index("Sessions attended")]) == ("1", "3")


def test_a_small_groups_session_counts_are_withheld(org, login, this_monday):
    db.session.get(Organisation, org.lars.organisation_id).min_group_size = 5
    db.session.commit()
    held = _session(org.nora, this_monday - timedelta(days=5))
    sessions.attend(org.nora, held)
    db.session.commit()
    last = login(org.lars).get(f"/api/v1/teams/{org.support.id}/totals?weeks=2").get_json()["weeks"][1]
    assert last["suppressed"] and last["sessions_hosted"] is None and last["sessions_attended"] is None


def test_only_weeks_a_person_was_in_the_team_count(org, this_monday):
    held = _session(org.erik, this_monday - timedelta(days=5))
    sessions.attend(org.erik, held)
    db.session.commit()
    last, now = this_monday - timedelta(weeks=1), this_monday
    counts = sessions.session_week_counts(
        org.erik.organisation_id, [(org.erik.id, now, now)], last, now, "Europe/Stockholm"
    )
    assert counts == {last: {"hosted": 0, "attended": 0}, now: {"hosted": 0, "attended": 0}}
    counts = sessions.session_week_counts(
        org.erik.organisation_id, [(org.erik.id, last, now)], last, now, "Europe/Stockholm"
    )
    assert counts[last] == {"hosted": 1, "attended": 1}
