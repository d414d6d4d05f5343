"""Meetings of a pairing: one step logs the time for both people, through the log, once each (each
entry's id is made from the meeting's and the person's), under `mentoring` or `shadowing`. Changing
the date or minutes changes both entries, removing the meeting removes both; a private note goes
into the entry of whoever wrote it and stays theirs.

The meeting's id is made by the client, so an offline outbox can send it again: the primary key
(ON CONFLICT DO NOTHING) tells a replay from a new meeting, as with entries.

Functions flush; the request commits.
"""

import uuid

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..accounts import service as accounts
from ..clock import local_today, utcnow
from ..database import insert
from ..errors import RuleError
from ..extensions import db
from ..log import service as log
from ..text import is_clean
from .models import Meeting, Pairing
from .offers import topics_of

# Entries get ids made from this namespace, the meeting and the person: logging a meeting again
# (a replay, a second device) stores nothing new for either of the two.
ENTRY_NAMESPACE = uuid.UUID("6d3a1f0c-8a4e-5b9e-9c52-7f0e3b1d2a64")
NOT_FOUND = _l("No such meeting.")


def entry_id(meeting_id: str, user_id: int) -> str:
    return str(uuid.uuid5(ENTRY_NAMESPACE, f"mentoring-meeting:{meeting_id}:{user_id}"))


def visible_meeting(pairing: Pairing, meeting_id: str) -> Meeting:
    usable = len(str(meeting_id)) <= 36 and is_clean(str(meeting_id))  # no id holds a NUL: not found, not a 500
    meeting = db.session.get(Meeting, str(meeting_id)) if usable else None
    if meeting is None or meeting.pairing_id != pairing.id:
        raise RuleError("meeting", NOT_FOUND, 404)
    return meeting


def meetings_of(pairing: Pairing) -> list[Meeting]:
    return list(
        db.session.scalars(
            select(Meeting).where(Meeting.pairing_id == pairing.id).order_by(Meeting.date.desc(), Meeting.created_at)
        )
    )


def _both(pairing: Pairing) -> list:
    people = accounts.users_by_id([pairing.mentor_id, pairing.mentee_id])
    return [people[pairing.mentor_id], people[pairing.mentee_id]]


def _title(pairing: Pairing) -> str:
    return " · ".join(topics_of([pairing.offer_id])[pairing.offer_id])[:200]


def _day_for(person, day):
    """The meeting's day in a person's log: for a partner whose calendar has not reached it yet (the
    other side of the world), their today."""
    return min(day, local_today(person.timezone))


def _check_day(user, day) -> None:
    if day is not None and day > local_today(user.timezone):
        raise RuleError("date", _l("The date is in the future."))


def _log_for(person, pairing: Pairing, meeting: Meeting, note: str | None = None) -> None:
    log.log_entry(
        person,
        {
            "id": entry_id(meeting.id, person.id),
            "date": _day_for(person, meeting.date),
            "minutes": meeting.minutes,
            "activity": pairing.activity,
            "title": _title(pairing),
            "note": note,
        },
    )


def log_meeting(user, pairing: Pairing, data: dict) -> tuple[Meeting, bool]:
    """Store a meeting and log it for both; the same id again answers the stored meeting and
    `created` False. A pairing that has ended takes no new meetings."""
    meeting_id = str(data.get("id") or uuid.uuid4())
    stored = db.session.get(Meeting, meeting_id)
    if stored is None:
        _check_day(user, data.get("date"))
        if pairing.ended_at is not None:
            raise RuleError("pairing", _l("This pairing has ended."), 409)
        now = utcnow()
        row = {
            "id": meeting_id,
            "pairing_id": pairing.id,
            "date": data.get("date") or local_today(user.timezone),
            "minutes": data["minutes"],
            "logged_by_id": user.id,
            "created_at": now,
            "updated_at": now,
        }
        table = Meeting.__table__
        made = db.session.execute(
            insert(table).values(row).on_conflict_do_nothing(index_elements=["id"]).returning(table.c.id)
        ).scalar()
        if made is not None:
            meeting = Meeting(**row)
            for person in _both(pairing):
                _log_for(person, pairing, meeting, data.get("note") if person.id == user.id else None)
            db.session.flush()
            return meeting, True
        stored = db.session.get(Meeting, meeting_id, populate_existing=True)  # a replay raced this one
    if stored.pairing_id != pairing.id:
        raise RuleError("id", _l("This id is already in use."), 409)
    return stored, False


def update_meeting(user, pairing: Pairing, meeting: Meeting, changes: dict) -> Meeting:
    """New date or minutes for both people's entries; a note only in the changer's own."""
    _check_day(user, changes.get("date"))
    for key in ("date", "minutes"):
        if key in changes:
            setattr(meeting, key, changes[key])
    entries = {}
    for person in _both(pairing):
        own = log.own_entries(person, [entry_id(meeting.id, person.id)])
        entries[person.id] = (person, next(iter(own.values()), None))
    for person, entry in entries.values():
        fields = {"date": _day_for(person, meeting.date), "minutes": meeting.minutes}
        if person.id == user.id and "note" in changes:
            fields["note"] = changes["note"] or None
        if entry is None:  # removed from their log by hand: the meeting puts it back
            _log_for(person, pairing, meeting, fields.get("note"))
        else:
            log.update_entry(person, entry, fields)
    meeting.updated_at = utcnow()
    db.session.flush()
    return meeting


def delete_meeting(pairing: Pairing, meeting: Meeting) -> None:
    for person in _both(pairing):
        for entry in log.own_entries(person, [entry_id(meeting.id, person.id)]).values():
            log.delete_entry(person, entry)
    db.session.delete(meeting)
    db.session.flush()


def own_notes(user, meetings: list[Meeting]) -> dict[str, str | None]:
    """The viewer's own note on each meeting (from their entries), by meeting id."""
    by_entry = {entry_id(m.id, user.id): m.id for m in meetings}
    return {by_entry[e.id]: e.note for e in log.own_entries(user, by_entry).values()}
