"""Team totals as an Excel workbook: the same table as the CSV, typed cells instead of text.

Written with XlsxWriter: a maintained, dependency-free, write-only library (the server never needs to
read a workbook), that keeps the whole file in memory for a table this small. Numbers are numbers,
week starts are dates, empty figures are empty cells. Text is always written as text: the workbook
turns no string into a formula, number or link, and text that looks like a formula also gets Excel's
quote prefix, so it stays text if someone edits the cell or saves the sheet as CSV.
"""

import io
from datetime import date

import xlsxwriter
from flask_babel import lazy_gettext as _l

from .csv_export import FORMULA_STARTS, totals_table

SHEET_TITLE = _l("Team totals")
WIDEST = 40


def totals_xlsx(totals: dict) -> bytes:
    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        out, {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False}
    )
    workbook.set_properties({"title": f"{SHEET_TITLE}: {totals['team']['name']}", "author": "Learning Hour"})
    sheet = workbook.add_worksheet(str(SHEET_TITLE)[:31])
    bold = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    as_text = workbook.add_format({"quote_prefix": True})
    bold_text = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top", "quote_prefix": True})
    day = workbook.add_format({"num_format": "yyyy-mm-dd"})
    rows = totals_table(totals)
    widths = [0] * len(rows[0])
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            widths[c] = max(widths[c], len(str(value)) if value is not None else 0)
            if value is None:
                continue
            if isinstance(value, date):
                sheet.write_datetime(r, c, value, day)
            elif isinstance(value, int | float) and not isinstance(value, bool):
                sheet.write_number(r, c, value)
            else:
                text = str(value)
                risky = text.startswith(FORMULA_STARTS)
                style = (bold_text if risky else bold) if r == 0 else (as_text if risky else None)
                sheet.write_string(r, c, text, style)
    for c, width in enumerate(widths):
        sheet.set_column(c, c, min(max(width, 8), WIDEST) + 2)
    sheet.freeze_panes(1, 1)
    workbook.close()
    return out.getvalue()
