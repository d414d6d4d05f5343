"""Team totals as a table, and as a CSV file that opens cleanly in Excel and LibreOffice in Nordic locales.

UTF-8 with a byte-order mark (or Excel guesses a legacy code page and breaks å, ä, ö, ø), `;` as the
separator (the Nordic list separator, since `,` is the decimal comma), fields holding `;`, quotes or
line breaks quoted, and text cells that a spreadsheet would run as a formula neutralised.
"""

import csv
import io
import re
from datetime import date

from flask_babel import lazy_gettext as _l

from ..text import fold

COLUMNS = {
    "week": _l("Week"),
    "week_start": _l("Week starts"),
    "total_minutes": _l("Total minutes"),
    "member_count": _l("Members"),
    "members_met_goal": _l("Members who met their goal"),
    "sessions_hosted": _l("Sessions hosted"),
    "sessions_attended": _l("Sessions attended"),
    "suppressed": _l("Withheld: group too small"),
    "holidays": _l("Public holidays"),
}
WITHHELD = _l("yes")
ACTIVITY_HEADERS = {
    "podcast": _l("Podcast"),
    "article": _l("Article"),
    "webinar": _l("Webinar"),
    "course": _l("Course"),
    "book": _l("Book"),
    "video": _l("Video"),
    "knowledge_session": _l("Knowledge session"),
    "mentoring": _l("Mentoring"),
    "shadowing": _l("Job shadowing"),
    "workshop": _l("Workshop"),
    "other": _l("Other"),
}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str | int:
    """Numbers as numbers; text that starts like a formula gets a leading apostrophe, which
    spreadsheets show as text instead of evaluating."""
    if isinstance(value, bool) or value is None:
        return "" if value is None else str(value)
    if isinstance(value, int):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def totals_table(totals: dict) -> list[list]:
    """The header and one row per week (newest first), values typed: numbers, dates, text, None for
    an empty cell. A withheld week has empty cells for every figure but its member count."""
    activities = list(ACTIVITY_HEADERS)
    for week in totals["weeks"]:
        activities += [a for a in (week["by_activity"] or {}) if a not in activities]
    members = totals.get("members") or []

    header = [str(title) for title in COLUMNS.values()]
    header += [str(ACTIVITY_HEADERS.get(a, a)) for a in activities]
    header += [member["name"] for member in members]
    rows = [header]
    member_minutes = [{w["week"]: w["minutes"] for w in member["weeks"]} for member in members]
    for week in totals["weeks"]:
        withheld = bool(week.get("suppressed"))
        row = [
            week["week"],
            week["week_start"],
            week["total_minutes"],
            week["member_count"],
            week["members_met_goal"],
            week.get("sessions_hosted"),
            week.get("sessions_attended"),
            str(WITHHELD) if withheld else None,
            ", ".join(f"{day['date'].isoformat()} {day['name']}" for day in week.get("holidays") or []) or None,
        ]
        row += [None if withheld else (week["by_activity"] or {}).get(a, 0) for a in activities]
        # An empty cell, not 0, for a week someone was not in the team.
        row += [minutes.get(week["week"]) for minutes in member_minutes]
        rows.append(row)
    return rows


def totals_csv(totals: dict) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", quotechar='"', quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerows(
        [safe_cell(cell.isoformat() if isinstance(cell, date) else cell) for cell in row]
        for row in totals_table(totals)
    )
    return out.getvalue().encode("utf-8-sig")


def filename_for(totals: dict, extension: str = "csv") -> str:
    """learning-hour-product-2026-W48.csv: ASCII only, so every browser and OS keeps it as is."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(totals["team"]["name"]).encode("ascii", "ignore").decode()).strip("-")
    newest = totals["weeks"][0]["week"] if totals["weeks"] else "totals"
    return f"learning-hour-{slug or 'team'}-{newest}.{extension}"
