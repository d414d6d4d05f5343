"""Sums of logged minutes, grouped in the database, for team and organisation totals.

The log owns the `entries` table; other features read totals only through these functions. Every
query filters on the indexed (user_id, week_start) or (organisation_id, week_start) columns and
returns grouped rows, never entries, and never a note or an entry's title.

`members` is a list of user ids (counted over the whole range) or of `(user_id, first_week,
last_week)` spans, so that people who joined or left a team mid-range count only for their weeks.
"""
from collections.abc import Iterable
from datetime import date, timedelta

from sqlalchemy import Table, and_, false, func, or_, select

from ..extensions import db
from .weeks import week_is_away

CHUNK = 5000  # ids per IN list: well inside every database's limit on bound parameters

Members = Iterable[int | tuple[int, date, date]]


def _entries() -> Table:
    # Looked up when called: the log's model module registers the table on the shared metadata.
    return db.metadata.tables["entries"]


def _members_clause(entries: Table, members: Members, first_week: date, last_week: date):
    whole_range, spans = set(), []
    for member in members:
        if isinstance(member, int):
            whole_range.add(member)
            continue
        user_id, start, end = member
        start, end = max(start, first_week), min(end, last_week)
        if start == first_week and end == last_week:
            whole_range.add(user_id)
        elif start <= end:
            spans.append((user_id, start, end))
    clauses = [and_(entries.c.user_id == user_id, entries.c.week_start.between(start, end))
               for user_id, start, end in spans if user_id not in whole_range]
    if whole_range:
        clauses.insert(0, and_(entries.c.user_id.in_(sorted(whole_range)),
                               entries.c.week_start.between(first_week, last_week)))
    return or_(*clauses) if clauses else false()


def _organisation_clause(entries: Table, organisation_id: int, first_week: date, last_week: date):
    return and_(entries.c.organisation_id == organisation_id,
                entries.c.week_start.between(first_week, last_week))


def _week_activity_rows(where) -> list[tuple[date, str, int]]:
    e = _entries()
    query = (select(e.c.week_start, e.c.activity, func.sum(e.c.minutes))
             .where(where).group_by(e.c.week_start, e.c.activity))
    return [tuple(row) for row in db.session.execute(query)]


def _member_week_rows(where) -> list[tuple[int, date, int]]:
    e = _entries()
    query = (select(e.c.user_id, e.c.week_start, func.sum(e.c.minutes))
             .where(where).group_by(e.c.user_id, e.c.week_start))
    return [tuple(row) for row in db.session.execute(query)]


def _most_logged_rows(where, limit: int) -> list[tuple[int, int, int]]:
    e = _entries()
    count, minutes = func.count(e.c.id), func.sum(e.c.minutes)
    query = (select(e.c.resource_id, count, minutes)
             .where(where, e.c.resource_id.is_not(None)).group_by(e.c.resource_id)
             .order_by(count.desc(), minutes.desc(), e.c.resource_id).limit(limit))
    return [tuple(row) for row in db.session.execute(query)]


def minutes_by_week(members: Members, first_week: date, last_week: date) -> list[tuple[date, str, int]]:
    """(week_start, activity, minutes) for these members' weeks."""
    return _week_activity_rows(_members_clause(_entries(), members, first_week, last_week))


def member_week_minutes(members: Members, first_week: date, last_week: date) -> list[tuple[int, date, int]]:
    """(user_id, week_start, minutes) for each member week with time logged."""
    return _member_week_rows(_members_clause(_entries(), members, first_week, last_week))


def minutes_by_member_week(user_ids: Members, first_week: date,
                           last_week: date) -> list[tuple[int, date, str, int]]:
    """(user_id, week_start, activity, minutes): each member's weeks split by activity."""
    e = _entries()
    query = (select(e.c.user_id, e.c.week_start, e.c.activity, func.sum(e.c.minutes))
             .where(_members_clause(e, user_ids, first_week, last_week))
             .group_by(e.c.user_id, e.c.week_start, e.c.activity))
    return [tuple(row) for row in db.session.execute(query)]


def most_logged_resources(user_ids: Members, first_week: date, last_week: date,
                          limit: int = 5) -> list[tuple[int, int, int]]:
    """(resource_id, entries, minutes), most entries first."""
    return _most_logged_rows(_members_clause(_entries(), user_ids, first_week, last_week), limit)


def organisation_minutes_by_week(organisation_id: int, first_week: date,
                                 last_week: date) -> list[tuple[date, str, int]]:
    return _week_activity_rows(_organisation_clause(_entries(), organisation_id, first_week, last_week))


def organisation_member_week_minutes(organisation_id: int, first_week: date,
                                     last_week: date) -> list[tuple[int, date, int]]:
    return _member_week_rows(_organisation_clause(_entries(), organisation_id, first_week, last_week))


def organisation_most_logged_resources(organisation_id: int, first_week: date, last_week: date,
                                       limit: int = 5) -> list[tuple[int, int, int]]:
    return _most_logged_rows(_organisation_clause(_entries(), organisation_id, first_week, last_week), limit)


def away_member_weeks(user_ids, first_week: date, last_week: date) -> set[tuple[int, date]]:
    """(user_id, week_start) of each week in the range someone was away, by the log's own rule
    (`weeks.week_is_away`), with one query for everyone instead of one per person and week."""
    periods = db.metadata.tables["away_periods"]
    ids = sorted(set(user_ids))
    by_user: dict[int, list[tuple[date, date]]] = {}
    for chunk in (ids[i:i + CHUNK] for i in range(0, len(ids), CHUNK)):
        query = select(periods.c.user_id, periods.c.starts_on, periods.c.ends_on).where(
            periods.c.user_id.in_(chunk), periods.c.starts_on <= last_week + timedelta(days=6),
            periods.c.ends_on >= first_week)
        for user_id, starts_on, ends_on in db.session.execute(query):
            by_user.setdefault(user_id, []).append((starts_on, ends_on))
    weeks = [first_week + timedelta(weeks=i) for i in range((last_week - first_week).days // 7 + 1)]
    return {(user_id, week) for user_id, spans in by_user.items() for week in weeks if week_is_away(week, spans)}
