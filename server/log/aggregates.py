"""Sums of logged minutes, grouped in the database, for team and organisation totals.

The log owns the `entries` table; other features read totals only through these functions. Every
query filters on the indexed (user_id, week_start) or (organisation_id, week_start) columns and
returns grouped rows, never entries, and never a note or an entry's title.

`members` is a list of user ids (counted over the whole range) or of `(user_id, first_week,
last_week)` spans, so that people who joined or left a team mid-range count only for their weeks.
"""

from collections.abc import Callable, Iterable
from datetime import date, timedelta
from functools import cache

from sqlalchemy import Select, Table, and_, bindparam, func, or_, select

from ..extensions import db
from .models import AwayPeriod, Entry
from .weeks import week_is_away

CHUNK = 5000  # ids per IN list: well inside every database's limit on bound parameters

Members = Iterable[int | tuple[int, date, date]]


def _entries() -> Table:
    return Entry.__table__


def _in_range(e: Table):
    return e.c.week_start.between(bindparam("first_week"), bindparam("last_week"))


def _for_members(e: Table):
    return and_(e.c.user_id.in_(bindparam("user_ids", expanding=True)), _in_range(e))


def _for_organisation(e: Table):
    return and_(e.c.organisation_id == bindparam("organisation_id"), _in_range(e))


def _week_activity(e: Table, where) -> Select:
    return (
        select(e.c.week_start, e.c.activity, func.sum(e.c.minutes)).where(where).group_by(e.c.week_start, e.c.activity)
    )


def _member_week(e: Table, where) -> Select:
    return select(e.c.user_id, e.c.week_start, func.sum(e.c.minutes)).where(where).group_by(e.c.user_id, e.c.week_start)


def _member_week_activity(e: Table, where) -> Select:
    return (
        select(e.c.user_id, e.c.week_start, e.c.activity, func.sum(e.c.minutes))
        .where(where)
        .group_by(e.c.user_id, e.c.week_start, e.c.activity)
    )


def _most_logged(e: Table, where) -> Select:
    count, minutes = func.count(e.c.id), func.sum(e.c.minutes)
    return (
        select(e.c.resource_id, count, minutes)
        .where(where, e.c.resource_id.is_not(None))
        .group_by(e.c.resource_id)
        .order_by(count.desc(), minutes.desc(), e.c.resource_id)
        .limit(bindparam("limit"))
    )


@cache
def _prepared(query: Callable, scope: Callable) -> Select:
    # Built once: a team's answer runs the same few statements every time, with new parameters.
    return query(_entries(), scope(_entries()))


def _split(members: Members, first_week: date, last_week: date) -> tuple[set[int], list[tuple[int, date, date]]]:
    """People counted over the whole range, and the spans of those counted only for part of it."""
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
    return whole_range, [span for span in spans if span[0] not in whole_range]


def _rows(query: Callable, members: Members, first_week: date, last_week: date, **params) -> list[tuple]:
    whole_range, spans = _split(members, first_week, last_week)
    params |= {"user_ids": sorted(whole_range), "first_week": first_week, "last_week": last_week}
    if spans:
        e = _entries()
        statement = query(
            e,
            or_(
                _for_members(e),
                *(and_(e.c.user_id == user_id, e.c.week_start.between(start, end)) for user_id, start, end in spans),
            ),
        )
    else:
        statement = _prepared(query, _for_members)
    return [tuple(row) for row in db.session.execute(statement, params)]


def _organisation_rows(
    query: Callable, organisation_id: int, first_week: date, last_week: date, **params
) -> list[tuple]:
    params |= {"organisation_id": organisation_id, "first_week": first_week, "last_week": last_week}
    return [tuple(row) for row in db.session.execute(_prepared(query, _for_organisation), params)]


def minutes_by_week(members: Members, first_week: date, last_week: date) -> list[tuple[date, str, int]]:
    """(week_start, activity, minutes) for these members' weeks."""
    return _rows(_week_activity, members, first_week, last_week)


def member_week_minutes(members: Members, first_week: date, last_week: date) -> list[tuple[int, date, int]]:
    """(user_id, week_start, minutes) for each member week with time logged."""
    return _rows(_member_week, members, first_week, last_week)


def minutes_by_member_week(user_ids: Members, first_week: date, last_week: date) -> list[tuple[int, date, str, int]]:
    """(user_id, week_start, activity, minutes): each member's weeks split by activity."""
    return _rows(_member_week_activity, user_ids, first_week, last_week)


def most_logged_resources(
    user_ids: Members, first_week: date, last_week: date, limit: int = 5
) -> list[tuple[int, int, int]]:
    """(resource_id, entries, minutes), most entries first."""
    return _rows(_most_logged, user_ids, first_week, last_week, limit=limit)


def organisation_minutes_by_week(
    organisation_id: int, first_week: date, last_week: date
) -> list[tuple[date, str, int]]:
    return _organisation_rows(_week_activity, organisation_id, first_week, last_week)


def organisation_member_week_minutes(
    organisation_id: int, first_week: date, last_week: date
) -> list[tuple[int, date, int]]:
    return _organisation_rows(_member_week, organisation_id, first_week, last_week)


def organisation_most_logged_resources(
    organisation_id: int, first_week: date, last_week: date, limit: int = 5
) -> list[tuple[int, int, int]]:
    return _organisation_rows(_most_logged, organisation_id, first_week, last_week, limit=limit)


@cache
def _away_periods() -> Select:
    periods = AwayPeriod.__table__
    return select(periods.c.user_id, periods.c.starts_on, periods.c.ends_on).where(
        periods.c.user_id.in_(bindparam("user_ids", expanding=True)),
        periods.c.starts_on <= bindparam("until"),
        periods.c.ends_on >= bindparam("since"),
    )


def away_member_weeks(user_ids, first_week: date, last_week: date) -> set[tuple[int, date]]:
    """(user_id, week_start) of each week in the range someone was away, by the log's own rule
    (`weeks.week_is_away`), with one query for everyone instead of one per person and week."""
    ids = sorted(set(user_ids))
    by_user: dict[int, list[tuple[date, date]]] = {}
    for chunk in (ids[i : i + CHUNK] for i in range(0, len(ids), CHUNK)):
        rows = db.session.execute(
            _away_periods(), {"user_ids": chunk, "since": first_week, "until": last_week + timedelta(days=6)}
        )
        for user_id, starts_on, ends_on in rows:
            by_user.setdefault(user_id, []).append((starts_on, ends_on))
    weeks = [first_week + timedelta(weeks=i) for i in range((last_week - first_week).days // 7 + 1)]
    return {(user_id, week) for user_id, spans in by_user.items() for week in weeks if week_is_away(week, spans)}
