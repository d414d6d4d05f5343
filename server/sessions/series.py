"""Series: sessions that repeat ("the first Friday of the month", "every other Tuesday") at a local
time in the series' zone, summer time or not.

A series' next sessions appear on their own: listing upcoming sessions and every reminder run make
sure the next AHEAD exist. Making them is idempotent: each is one row in `session_occurrences`,
unique per series and day, inserted in a savepoint, so two workers (or a worker and a request) at
once make each session once. A made session is an ordinary session: it can be joined, changed or
cancelled on its own; a cancelled one stays, so it is not made again.
"""

from datetime import UTC, date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from .. import public_holidays
from ..accounts import service as accounts
from ..clock import as_utc, utcnow, zone
from ..errors import RuleError, found
from ..extensions import db
from .models import KnowledgeSession, Rsvp, SessionOccurrence, SessionSeries
from .series_days import PlannedDay, planned_days, week_of_month

FREQUENCIES = ("weekly", "biweekly", "monthly")
AHEAD = 3
COPIED = ("title", "description", "place", "capacity")


def moment_of(series: SessionSeries, day: date) -> datetime:
    return datetime.combine(day, series.local_time, tzinfo=zone(series.timezone)).astimezone(UTC)


def create_series(user, data: dict, host_id: int) -> SessionSeries:
    """A series beginning at `starts_at` (its first session, hosted by `host_id`); its weekday, week of
    the month and local time are those of that first moment in `timezone`."""
    tz = zone(data.get("timezone") or user.timezone)
    first = data["starts_at"].astimezone(tz)
    minutes = data.get("duration_minutes") or 60
    series = SessionSeries(
        organisation_id=user.organisation_id,
        title=data["title"],
        description=data.get("description"),
        place=data.get("place"),
        capacity=data.get("capacity"),
        frequency=data["frequency"],
        weekday=first.isoweekday(),
        week_of_month=week_of_month(first.date()) if data["frequency"] == "monthly" else None,
        local_time=first.time().replace(tzinfo=None),
        duration_minutes=minutes,
        timezone=tz.key,
        starts_on=first.date(),
        on_holiday=data.get("on_holiday") or "move",
        created_by_id=user.id,
    )
    db.session.add(series)
    db.session.flush()
    [first_session] = _held(planned_days(series, series.starts_on, 1, _country(series)))
    _make(series, first_session, host_id=host_id)
    materialise(series)
    return series


def _country(series: SessionSeries) -> str | None:
    return accounts.get_organisation(series.organisation_id).holiday_country


def _held(days: list[PlannedDay]) -> list[PlannedDay]:
    return [day for day in days if day.held_on is not None]


def _make(series: SessionSeries, day: PlannedDay, host_id: int | None = None) -> None:
    starts_at = moment_of(series, day.held_on)
    ends_at = starts_at + timedelta(minutes=series.duration_minutes)
    try:
        with db.session.begin_nested():
            session = KnowledgeSession(
                organisation_id=series.organisation_id,
                starts_at=starts_at,
                ends_at=ends_at,
                finishes_at=ends_at,
                host_id=host_id,
                created_by_id=series.created_by_id,
                **{k: getattr(series, k) for k in COPIED},
            )
            db.session.add(session)
            db.session.flush()
            db.session.add(SessionOccurrence(session_id=session.id, series_id=series.id, occurrence_on=day.occurrence))
    except IntegrityError:  # made a moment ago by another worker or request
        pass


def materialise(series: SessionSeries, now: datetime | None = None) -> None:
    """Make the series' next AHEAD sessions that do not exist yet."""
    if series.stopped_at is None:
        _materialise_many([series], now)


def materialise_all(organisation_id: int | None = None, now: datetime | None = None) -> None:
    """Every running series (of one organisation, or all of them)."""
    query = select(SessionSeries).where(SessionSeries.stopped_at.is_(None))
    if organisation_id is not None:
        query = query.where(SessionSeries.organisation_id == organisation_id)
    _materialise_many(db.session.scalars(query.order_by(SessionSeries.id)).all(), now)


def _materialise_many(many: list[SessionSeries], now: datetime | None) -> None:
    """What exists of every series' wanted days in one query (the upcoming list runs this on each
    request), then only the missing sessions are made."""
    if not many:
        return
    moment = now or utcnow()
    countries = {
        organisation_id: accounts.get_organisation(organisation_id).holiday_country
        for organisation_id in {s.organisation_id for s in many}
    }
    wanted = {
        s.id: _held(planned_days(s, moment.astimezone(zone(s.timezone)).date(), AHEAD, countries[s.organisation_id]))
        for s in many
    }
    earliest = min((day.occurrence for days in wanted.values() for day in days), default=None)
    if earliest is None:
        return
    found = db.session.execute(
        select(SessionOccurrence.series_id, SessionOccurrence.occurrence_on).where(
            SessionOccurrence.series_id.in_(wanted), SessionOccurrence.occurrence_on >= earliest
        )
    )
    have = {(series_id, day) for series_id, day in found}
    made = False
    for series in many:
        for day in wanted[series.id]:
            if (series.id, day.occurrence) not in have:
                _make(series, day)
                made = True
    if made:
        db.session.flush()


def visible_series(viewer, series_id: int) -> SessionSeries:
    """A series of the viewer's organisation, or a 404."""
    series = db.session.get(SessionSeries, series_id)
    mine = series if series is not None and series.organisation_id == viewer.organisation_id else None
    return found(mine, "series_id", _l("No such series."))


def may_edit_series(user, series: SessionSeries) -> bool:
    return user.is_admin or series.created_by_id == user.id


def editable_series(viewer, series_id: int) -> SessionSeries:
    """A series the viewer may change (whoever planned it, or an admin), or a 404 or a 403."""
    series = visible_series(viewer, series_id)
    if not may_edit_series(viewer, series):
        raise RuleError("series_id", _l("Only whoever planned the series or an admin may change it."), 403)
    return series


def list_series(organisation_id: int) -> list[SessionSeries]:
    return list(
        db.session.scalars(
            select(SessionSeries)
            .where(SessionSeries.organisation_id == organisation_id, SessionSeries.stopped_at.is_(None))
            .order_by(SessionSeries.title, SessionSeries.id)
        )
    )


def _future_sessions(series: SessionSeries, now: datetime) -> list[KnowledgeSession]:
    return list(
        db.session.scalars(
            select(KnowledgeSession)
            .join(SessionOccurrence, SessionOccurrence.session_id == KnowledgeSession.id)
            .where(
                SessionOccurrence.series_id == series.id,
                KnowledgeSession.starts_at > now,
                KnowledgeSession.cancelled_at.is_(None),
            )
        )
    )


def _coming(sessions: list[KnowledgeSession]) -> dict[int, int]:
    """How many have joined each of these sessions, in one query."""
    if not sessions:
        return {}
    return dict(
        db.session.execute(
            select(Rsvp.session_id, db.func.count())
            .where(Rsvp.session_id.in_([s.id for s in sessions]))
            .group_by(Rsvp.session_id)
        ).all()
    )


def update_series(series: SessionSeries, changes: dict, now: datetime | None = None) -> SessionSeries:
    """Title, description, place and capacity; the series' sessions still to come change with it."""
    now = now or utcnow()
    for key in COPIED:
        if key in changes:
            setattr(series, key, changes[key])
    sessions = _future_sessions(series, now)
    joined = _coming(sessions)
    for session in sessions:
        coming = joined.get(session.id, 0)
        if changes.get("capacity") is not None and changes["capacity"] < coming:
            raise RuleError("capacity", _l("%(num)s people are already coming.", num=coming))
        for key in COPIED:
            if key in changes:
                setattr(session, key, changes[key])
    db.session.flush()
    return series


def stop_series(series: SessionSeries, now: datetime | None = None) -> None:
    """No more sessions are made. Those still to come that nobody joined go; joined ones stay, for the
    host to hold or cancel."""
    now = now or utcnow()
    series.stopped_at = now
    sessions = _future_sessions(series, now)
    joined = _coming(sessions)
    for session in sessions:
        if not joined.get(session.id):
            db.session.delete(session)
    db.session.flush()


def series_of(session_ids) -> dict[int, tuple[SessionSeries, date]]:
    """The series that made each of these sessions, and the day of its rule the session stands for."""
    ids = list(set(session_ids))
    if not ids:
        return {}
    rows = db.session.execute(
        select(SessionOccurrence.session_id, SessionSeries, SessionOccurrence.occurrence_on)
        .join(SessionSeries, SessionSeries.id == SessionOccurrence.series_id)
        .where(SessionOccurrence.session_id.in_(ids))
    ).all()
    return {session_id: (series, day) for session_id, series, day in rows}


def moved_from(session: KnowledgeSession, series: SessionSeries, occurrence: date, locale: str | None) -> dict | None:
    """The rule's day and its holiday, for a session its series moved off a public holiday."""
    held_on = as_utc(session.starts_at).astimezone(zone(series.timezone)).date()
    if held_on == occurrence:
        return None
    holiday = public_holidays.between(_country(series), occurrence, occurrence, locale).get(occurrence)
    return {"date": occurrence, "holiday": holiday} if holiday else None
