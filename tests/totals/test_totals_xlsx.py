"""The totals as an Excel workbook: opens with openpyxl (an independent reader), holds the same table
as the CSV, with typed cells, headers in the requester's language, and no formulas."""

import csv
import io
from datetime import datetime

from openpyxl import load_workbook

from server.accounts.models import Organisation
from server.clock import local_today
from server.extensions import db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _workbook(response):
    assert response.status_code == 200, response.get_data(as_text=True)[:200]
    assert response.mimetype == XLSX
    return load_workbook(io.BytesIO(response.data))


def _as_csv_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    return str(value)


def test_the_workbook_matches_the_csv(org, login, log_time, week_label):
    db.session.get(Organisation, org.maja.organisation_id).show_individual_minutes = True
    org.erik.name = '=HYPERLINK("http://evil.example";"click")'
    db.session.commit()
    log_time(org.erik, 40, activity="book")
    log_time(org.sara, 25, weeks_ago=1)
    maja = login(org.maja)
    workbook = _workbook(maja.get(f"/api/v1/teams/{org.product.id}/totals.xlsx?weeks=3"))
    response = maja.get(f"/api/v1/teams/{org.product.id}/totals.csv?weeks=3")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))

    sheet = workbook.active
    cells = [[cell for cell in row] for row in sheet.iter_rows()]
    assert len(cells) == len(rows) == 4
    for sheet_row, csv_row in zip(cells, rows, strict=True):
        texts = [_as_csv_text(cell.value) for cell in sheet_row]
        # The CSV marks formula-like text with an apostrophe; the workbook keeps the text and sets
        # Excel's quote prefix instead.
        assert [t.removeprefix("'") for t in csv_row] == texts
    header = [c.value for c in cells[0]]
    assert header[:5] == ["Week", "Week starts", "Total minutes", "Members", "Members who met their goal"]
    now = cells[1]
    assert now[0].value == week_label(0) and now[0].data_type == "s"
    assert isinstance(now[1].value, datetime) and now[1].is_date
    assert now[2].value == 40 and now[2].data_type == "n"
    assert now[header.index("Book")].value == 40
    risky = cells[0][header.index('=HYPERLINK("http://evil.example";"click")')]
    assert risky.data_type == "s" and risky.quotePrefix
    assert not any(cell.data_type == "f" for row in cells for cell in row)
    assert response.headers["Content-Disposition"].endswith(f'-{week_label(0)}.csv"')


def test_attachment_name_and_language(org, login):
    org.maja.locale = "sv"
    db.session.commit()
    response = login(org.maja).get(f"/api/v1/teams/{org.product.id}/totals.xlsx?weeks=1")
    assert response.headers["Content-Disposition"].startswith('attachment; filename="learning-hour-product-')
    assert response.headers["Content-Disposition"].endswith('.xlsx"')
    sheet = _workbook(response).active
    assert [c.value for c in next(sheet.iter_rows())][:4] == ["Vecka", "Veckan börjar", "Minuter totalt", "Medlemmar"]
    assert sheet.title == "Teamsummor"
    assert sheet.cell(2, 2).value.date() <= local_today("Europe/Stockholm")


def test_organisation_workbook_for_admins_only(org, login):
    assert _workbook(login(org.admin).get("/api/v1/organisation/totals.xlsx?weeks=2")).active.max_row == 3
    assert login(org.maja).get("/api/v1/organisation/totals.xlsx").status_code == 403
    assert login(org.erik).get(f"/api/v1/teams/{org.product.id}/totals.xlsx").status_code == 403
