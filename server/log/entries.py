"""Entries: logging learning time one at a time or a whole offline outbox, idempotent by the
client's id, and changing or deleting one's own. Functions flush; the request commits."""

import uuid
from datetime import date
from functools import cache

from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, bindparam, func

from ..bank import service as bank
from ..clock import local_today, utcnow, week_start_of
from ..database import insert
from ..errors import RuleError, found
from ..extensions import db
from ..text import is_clean
from .models import Entry

MINUTES_PER_DAY = 24 * 60


def _own(user, entry: Entry | None) -> Entry | None:
    return entry if entry is not None and entry.user_id == user.id else None


def own_entry(viewer, entry_id: str) -> Entry:
    """One of the viewer's own entries, or a 404: anyone else's does not exist for them (nor does an
    id no column can hold)."""
    entry = None
    if is_clean(str(entry_id)) and len(str(entry_id)) <= 36:
        entry = _own(viewer, db.session.get(Entry, str(entry_id)))
    return found(entry, "entry_id", _l("No such entry."))


def own_entries(user, entry_ids) -> dict[str, Entry]:
    """Those of the user's entries with these ids that exist, by id, in one query."""
    ids = {str(entry_id) for entry_id in entry_ids}
    if not ids:
        return {}
    found = db.session.scalars(db.select(Entry).where(Entry.user_id == user.id, Entry.id.in_(ids)))
    return {entry.id: entry for entry in found}


def minutes_of_entries(user, entry_ids) -> dict[str, int]:
    """Minutes of those of the user's entries with these ids that exist, in one query."""
    ids = {str(entry_id) for entry_id in entry_ids}
    if not ids:
        return {}
    return dict(
        db.session.execute(db.select(Entry.id, Entry.minutes).where(Entry.user_id == user.id, Entry.id.in_(ids))).all()
    )


def _day_totals(user_id: int, days: set[date], excluding: str | None = None) -> dict[date, int]:
    query = (
        db.select(Entry.date, func.sum(Entry.minutes))
        .where(Entry.user_id == user_id, Entry.date.in_(days))
        .group_by(Entry.date)
    )
    if excluding is not None:
        query = query.where(Entry.id != excluding)
    return {day: int(total) for day, total in db.session.execute(query)}


class _Rules:
    """The checks that need the database and the user's clock, shared by single and batch logging."""

    def __init__(self, user, days: set[date], excluding: str | None = None, today: date | None = None):
        self.user = user
        self.today = today or local_today(user.timezone)
        self.day_totals = _day_totals(user.id, list(days), excluding) if days else {}
        self.visible: dict[int, bool] = {}

    def check(self, data: dict) -> None:
        if data["date"] > self.today:
            raise RuleError("date", _l("The date is in the future."))
        if data.get("resource_id") is not None:
            rid = data["resource_id"]
            if rid not in self.visible:
                self.visible[rid] = bank.resource_visible(self.user.organisation_id, rid)
            if not self.visible[rid]:
                raise RuleError("resource_id", _l("No such resource in your organisation's bank."))
        if self.day_totals.get(data["date"], 0) + data["minutes"] > MINUTES_PER_DAY:
            raise RuleError("minutes", _l("More than 24 hours on one day."))

    def count(self, data: dict) -> None:
        self.day_totals[data["date"]] = self.day_totals.get(data["date"], 0) + data["minutes"]


def new_entry_row(user, data: dict) -> dict:
    now = utcnow()
    return {
        "id": str(data["id"]),
        "user_id": user.id,
        "organisation_id": user.organisation_id,
        "date": data["date"],
        "week_start": week_start_of(data["date"]),
        "minutes": data["minutes"],
        "activity": data["activity"],
        "title": data.get("title") or "",
        "resource_id": data.get("resource_id"),
        "note": data.get("note") or None,
        "created_at": now,
        "updated_at": now,
    }


def insert_new_entries(rows: list[dict]) -> set[str]:
    """Insert, skipping ids already stored (also ones stored a moment ago by a racing replay);
    returns the ids this call stored. The primary key decides, not an earlier look-up."""
    if not rows:
        return set()
    table = Entry.__table__
    stmt = insert(table).on_conflict_do_nothing(index_elements=["id"]).returning(table.c.id)
    # Sorted, so two overlapping batches take their row locks in the same order and never deadlock.
    # An executemany: SQLAlchemy sends it as a few multi-row INSERTs from one cached compiled statement.
    return set(db.session.execute(stmt, sorted(rows, key=lambda row: row["id"])).scalars())


def _note_resources(changes: dict[int, list[int]]) -> None:
    for resource_id, (entries_delta, minutes_delta) in changes.items():
        if entries_delta or minutes_delta:
            bank.note_logged_time(resource_id, entries_delta, minutes_delta)


def _count_on_resources(rows: list[dict], sign: int = 1) -> dict[int, list[int]]:
    changes: dict[int, list[int]] = {}
    for row in rows:
        if row.get("resource_id") is not None:
            delta = changes.setdefault(row["resource_id"], [0, 0])
            delta[0] += sign
            delta[1] += sign * row["minutes"]
    return changes


def _defaults(data: dict, today: date) -> dict:
    data = dict(data)
    data["id"] = str(data.get("id") or uuid.uuid4())
    data["date"] = data.get("date") or today
    return data


def log_entry(user, data: dict, today: date | None = None) -> tuple[Entry, bool]:
    """Store one entry; the same id again returns the stored entry and `created` False.
    `today` (the user's local date) defaults to now where the user is."""
    today = today or local_today(user.timezone)
    data = _defaults(data, today)
    # Checked and inserted with no look-up first: the primary key tells a replay from a new entry.
    # A replay is never refused: the day's total leaves its own id out, and one the rules would
    # refuse by now (its resource removed since) answers with what was stored.
    try:
        _Rules(user, {data["date"]}, excluding=data["id"], today=today).check(data)
    except RuleError:
        stored = db.session.get(Entry, data["id"])
        if stored is None:
            raise
    else:
        row = new_entry_row(user, data)
        if insert_new_entries([row]):
            _note_resources(_count_on_resources([row]))
            return Entry(**row), True  # exactly what was stored: nothing to read back
        stored = db.session.get(Entry, data["id"], populate_existing=True)
    if _own(user, stored) is None:
        raise RuleError("id", _l("This id is already in use."), 409)
    return stored, False


def sync_entries(user, items: list[dict], today: date | None = None) -> list[dict]:
    """Store an offline outbox. Each item is `{"data": …}` (valid in shape) or `{"id", "errors"}`;
    answers one `{id, status: created|duplicate|invalid, errors?}` per item, in order."""
    today = today or local_today(user.timezone)
    results: list[dict] = [{}] * len(items)
    ready: dict[str, tuple[int, dict]] = {}
    repeats: list[tuple[int, str]] = []
    for i, item in enumerate(items):
        if "errors" in item:
            results[i] = {"id": item.get("id"), "status": "invalid", "errors": item["errors"]}
            continue
        data = _defaults(item["data"], today)
        if data["id"] in ready:
            repeats.append((i, data["id"]))
        else:
            ready[data["id"]] = (i, data)
    owners = _owners(list(ready))
    rules = _Rules(user, {data["date"] for _, data in ready.values()}, today=today)
    rows = []
    for entry_id, (i, data) in ready.items():
        if entry_id in owners:
            results[i] = _replayed(user, entry_id, owners[entry_id])
            continue
        try:
            rules.check(data)
        except RuleError as error:
            results[i] = {"id": entry_id, "status": "invalid", "errors": {error.field: [str(error.message)]}}
            continue
        rules.count(data)
        rows.append(new_entry_row(user, data))
    created = insert_new_entries(rows)
    _note_resources(_count_on_resources([row for row in rows if row["id"] in created]))
    raced = [row["id"] for row in rows if row["id"] not in created]
    if raced:
        owners = _owners(raced)
    for row in rows:
        i = ready[row["id"]][0]
        results[i] = (
            {"id": row["id"], "status": "created"}
            if row["id"] in created
            else _replayed(user, row["id"], owners.get(row["id"]))
        )
    for i, entry_id in repeats:  # a second copy in the same outbox fares as the first did
        first = results[ready[entry_id][0]]
        results[i] = first if first["status"] == "invalid" else {"id": entry_id, "status": "duplicate"}
    db.session.flush()
    return results


def _owners(entry_ids: list[str]) -> dict[str, int]:
    if not entry_ids:
        return {}
    query = db.select(Entry.id, Entry.user_id).where(Entry.id.in_(entry_ids))
    return {entry_id: user_id for entry_id, user_id in db.session.execute(query)}


def _replayed(user, entry_id: str, owner_id: int | None) -> dict:
    if owner_id == user.id:
        return {"id": entry_id, "status": "duplicate"}
    return {"id": entry_id, "status": "invalid", "errors": {"id": [str(_l("This id is already in use."))]}}


def update_entry(user, entry: Entry, changes: dict, today: date | None = None) -> Entry:
    merged = {"date": entry.date, "minutes": entry.minutes, "resource_id": entry.resource_id, **changes}
    rules = _Rules(user, {merged["date"]}, excluding=entry.id, today=today)
    if "resource_id" not in changes or changes["resource_id"] == entry.resource_id:
        rules.visible[entry.resource_id] = True  # time already logged against it may stay there
    rules.check(merged)
    before = _count_on_resources([{"resource_id": entry.resource_id, "minutes": entry.minutes}], -1)
    after = _count_on_resources([{"resource_id": merged["resource_id"], "minutes": merged["minutes"]}])
    for resource_id, (entries_delta, minutes_delta) in after.items():
        delta = before.setdefault(resource_id, [0, 0])
        delta[0] += entries_delta
        delta[1] += minutes_delta
    for key, value in changes.items():
        setattr(entry, key, value)
    entry.week_start = week_start_of(entry.date)
    _note_resources(before)
    db.session.flush()
    return entry


def delete_entry(user, entry: Entry) -> None:
    _note_resources(_count_on_resources([{"resource_id": entry.resource_id, "minutes": entry.minutes}], -1))
    db.session.delete(entry)
    db.session.flush()


def _in_range(query, user_id, start, end):
    query = query.where(Entry.user_id == user_id)
    if start is not None:
        query = query.where(Entry.date >= start)
    if end is not None:
        query = query.where(Entry.date <= end)
    return query.order_by(Entry.date.desc(), Entry.created_at.desc())


def entries_in_range(user, start: date | None = None, end: date | None = None) -> list[Entry]:
    return list(db.session.scalars(_in_range(db.select(Entry), user.id, start, end)))


@cache
def _rows_query(has_start: bool, has_end: bool):
    # Built once per shape: the app opens with this list (building a query costs more than running it).
    return _in_range(
        db.select(*Entry.__table__.c),
        bindparam("user_id"),
        bindparam("start", type_=Date) if has_start else None,
        bindparam("end", type_=Date) if has_end else None,
    )


def entry_rows_in_range(user_id: int, start: date | None = None, end: date | None = None) -> list:
    """The same as plain rows (no ORM objects), for the list the app opens with."""
    query = _rows_query(start is not None, end is not None)
    return list(db.session.execute(query, {"user_id": user_id, "start": start, "end": end}))
