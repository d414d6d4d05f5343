"""Team totals over the turn of the year, with the clock set in it: ISO week 2026-W53 (Monday 28
December to Sunday 3 January) is one week in the JSON, the CSV and the workbook, with its public
holidays; a holiday week's goal is smaller only where the organisation chose so."""

import csv
import io
from datetime import UTC, date, datetime

from openpyxl import load_workbook

from server.accounts.models import Organisation
from server.extensions import db
from server.log import service as log

SATURDAY_2_JANUARY = datetime(2027, 1, 2, 12, 0, tzinfo=UTC)  # in 2026-W53, in 2027


def _log(user, day: date, minutes: int) -> None:
    log.log_entry(user, {"date": day, "minutes": minutes, "activity": "podcast", "title": "", "note": None})
    db.session.commit()


def _logged(org, clock) -> None:
    clock.set(SATURDAY_2_JANUARY)
    _log(org.erik, date(2026, 12, 28), 20)  # Monday, in 2026
    _log(org.erik, date(2027, 1, 2), 40)  # Saturday, in 2027: the same week
    _log(org.sara, date(2026, 12, 30), 36)
    _log(org.maja, date(2026, 12, 21), 60)  # 2026-W52


def test_week_53_is_one_week_with_its_holidays(org, login, clock):
    _logged(org, clock)
    body = login(org.maja).get(f"/api/v1/teams/{org.product.id}/totals?weeks=3").get_json()
    assert [w["week"] for w in body["weeks"]] == ["2026-W53", "2026-W52", "2026-W51"]
    w53, w52 = body["weeks"][0], body["weeks"][1]
    assert (w53["week_start"], w53["total_minutes"], w53["members_met_goal"]) == ("2026-12-28", 96, 1)
    assert [h["date"] for h in w53["holidays"]] == ["2026-12-31", "2027-01-01"]
    assert [h["name"] for h in w52["holidays"]] == ["Christmas Eve", "Christmas Day", "Second Day of Christmas"]
    assert body["weeks"][2]["holidays"] == []


def test_a_proportional_goal_counts_who_met_it_in_holiday_weeks(org, login, clock):
    _logged(org, clock)
    db.session.get(Organisation, org.maja.organisation_id).holiday_goal = "proportional"
    db.session.commit()
    w53 = login(org.maja).get(f"/api/v1/teams/{org.product.id}/totals?weeks=1").get_json()["weeks"][0]
    # Three working days of five: 36 minutes is the goal, which Erik (60) and Sara (36) met.
    assert w53["members_met_goal"] == 2


def test_the_csv_and_the_workbook_name_the_week_and_its_holidays(org, login, clock):
    _logged(org, clock)
    maja = login(org.maja)
    assert maja.patch("/api/v1/me", json={"locale": "sv"}).status_code == 200
    response = maja.get(f"/api/v1/teams/{org.product.id}/totals.csv?weeks=2")
    assert "2026-W53" in response.headers["Content-Disposition"]
    header, w53, w52 = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    assert (w53[header.index("Vecka")], w53[header.index("Veckan börjar")]) == ("2026-W53", "2026-12-28")
    assert w53[header.index("Helgdagar")] == "2026-12-31 Nyårsafton, 2027-01-01 Nyårsdagen"
    assert w52[header.index("Helgdagar")].startswith("2026-12-24 Julafton")
    workbook = load_workbook(io.BytesIO(maja.get(f"/api/v1/teams/{org.product.id}/totals.xlsx?weeks=2").data))
    sheet = workbook.active
    titles = [cell.value for cell in sheet[1]]
    row = [cell.value for cell in sheet[2]]
    assert row[titles.index("Vecka")] == "2026-W53"
    assert row[titles.index("Veckan börjar")].date() == date(2026, 12, 28)
    assert row[titles.index("Helgdagar")] == "2026-12-31 Nyårsafton, 2027-01-01 Nyårsdagen"


def test_the_organisations_workbook_in_week_53(org, login, clock):
    _logged(org, clock)
    admin = login(org.admin)
    body = admin.get("/api/v1/organisation/totals?weeks=2").get_json()
    assert [(w["week"], w["total_minutes"]) for w in body["weeks"]] == [("2026-W53", 96), ("2026-W52", 60)]
    workbook = load_workbook(io.BytesIO(admin.get("/api/v1/organisation/totals.xlsx?weeks=2").data))
    assert [cell.value for cell in workbook.active["A"]][1:] == ["2026-W53", "2026-W52"]
