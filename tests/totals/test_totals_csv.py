"""The totals as CSV: opens cleanly in Excel and LibreOffice in Nordic locales, and is safe to open."""

import csv
import io

import pytest

from server.accounts.models import Organisation
from server.extensions import db
from server.totals.csv_export import safe_cell, totals_csv


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))


def test_bom_separator_and_attachment_name(org, login, log_time, week_label):
    log_time(org.erik, 25)
    response = login(org.maja).get(f"/api/v1/teams/{org.product.id}/totals.csv?weeks=3")
    assert response.data.startswith(b"\xef\xbb\xbf")
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="learning-hour-product-{week_label(0)}.csv"'
    )
    rows = _csv(response)
    assert len(rows) == 4 and all(len(row) == len(rows[0]) for row in rows)
    assert rows[1][:5] == [week_label(0), rows[1][1], "25", "3", "0"]
    assert rows[1][rows[0].index("Podcast")] == "25"
    assert b"\r\n" in response.data and b"," not in response.data.split(b"\r\n")[0]


@pytest.mark.parametrize(
    ("locale", "headers"),
    [
        ("sv", ["Vecka", "Veckan börjar", "Minuter totalt", "Medlemmar", "Nådde sitt mål", "Podd"]),
        ("nb", ["Uke", "Uken starter", "Minutter totalt", "Medlemmer", "Nådde målet sitt", "Podkast"]),
        ("en", ["Week", "Week starts", "Total minutes", "Members", "Members who met their goal", "Podcast"]),
    ],
)
def test_headers_in_the_requesters_language(org, login, locale, headers):
    org.maja.locale = locale
    db.session.commit()
    rows = _csv(login(org.maja).get(f"/api/v1/teams/{org.product.id}/totals.csv?weeks=1"))
    assert rows[0][:5] == headers[:5] and headers[5] in rows[0]


def test_names_with_separators_quotes_and_formulas_stay_one_harmless_cell(org, login, log_time):
    db.session.get(Organisation, org.maja.organisation_id).show_individual_minutes = True
    org.erik.name = '=HYPERLINK("http://evil.example";"click")'
    org.sara.name = 'Sara; "the reader" Nilsson'
    db.session.commit()
    log_time(org.erik, 40)
    response = login(org.maja).get(f"/api/v1/teams/{org.product.id}/totals.csv?weeks=2")
    text = response.data.decode("utf-8-sig")
    assert '"Sara; ""the reader"" Nilsson"' in text
    header = _csv(response)[0]
    assert '\'=HYPERLINK("http://evil.example";"click")' in header
    assert 'Sara; "the reader" Nilsson' in header
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in _csv(response) for cell in row)


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_formula_starts_get_an_apostrophe(text):
    assert safe_cell(text) == "'" + text
    assert safe_cell("Maja") == "Maja" and safe_cell(12) == 12 and safe_cell(None) == ""


def test_csv_writer_quotes_line_breaks_and_keeps_unknown_activities():
    from datetime import date

    totals = {
        "team": {"id": 1, "name": "Ödla & Ærø"},
        "weeks": [
            {
                "week": "2026-W48",
                "week_start": date(2026, 11, 23),
                "total_minutes": 5,
                "member_count": 1,
                "members_met_goal": 0,
                "by_activity": {"juggling": 5},
            }
        ],
        "members": [{"user_id": 1, "name": "Two\nLines", "weeks": [{"week": "2026-W48", "minutes": 5}]}],
    }
    text = totals_csv(totals).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][-2:] == ["juggling", "Two\nLines"] and rows[1][-2:] == ["5", "5"]
    assert '"Two\nLines"' in text


def test_filename_is_ascii(org, login):
    from server.totals.csv_export import filename_for

    assert (
        filename_for({"team": {"name": "Ödla & Ærø: Support!"}, "weeks": [{"week": "2026-W01"}]})
        == "learning-hour-odla-aero-support-2026-W01.csv"
    )
    assert filename_for({"team": {"name": "株式"}, "weeks": []}) == "learning-hour-team-totals.csv"


def test_organisation_rollup_as_csv(org, login, log_time):
    log_time(org.nora, 15)
    response = login(org.admin).get("/api/v1/organisation/totals.csv?weeks=1")
    rows = _csv(response)
    assert rows[1][2] == "15"
    assert "learning-hour-acme-ab-" in response.headers["Content-Disposition"]
