"""Knowledge sessions: planning, cancelling, RSVPs within the capacity, volunteering to host, and
logging attendance (and the host's preparation) as learning time. Series live in `series.py`, the
host rota in `rota.py`, resources to read first in `reading.py`; this module offers all of it to
routes and other features.

Functions flush; the caller (a route, another feature, the reminder worker) commits.
"""

import uuid
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import DateTime, exists, func, insert, literal, or_, select

from ..accounts import service as accounts
from ..clock import as_utc, utcnow, zone
from ..database import is_postgres
from ..errors import RuleError, found
from ..extensions import db
from ..log import service as log
from . import hosting, reading, series
from .announce import announce, register_on_planned  # noqa: F401  (register_on_planned: for features above)
from .attendees import (  # noqa: F401  (for reminders, and the calendar feed)
    cancelled_with_people,
    joined_starting_between,
    upcoming_attending,
)
from .hosting import log_preparation, preparation_entry_id, volunteer  # noqa: F401
from .models import KnowledgeSession, Rsvp, SessionOccurrence
from .reading import resources_of  # noqa: F401
from .rota import suggest_hosts  # noqa: F401
from .series import (  # noqa: F401
    FREQUENCIES,
    editable_series,
    list_series,
    materialise_all,
    may_edit_series,
    moved_from,
    series_of,
    stop_series,
    update_series,
    visible_series,
)
from .stats import session_week_counts  # noqa: F401  (re-exported for team totals)

DEFAULT_MINUTES = 60  # a session without an end counts as an hour
MAX_MINUTES = 600
EDITABLE = ("title", "description", "starts_at", "ends_at", "place", "capacity", "host_id")
RECENT_DAYS = 14  # ended sessions stay in "recent" this long, for "I was there"


def visible_session(viewer, session_id: int) -> KnowledgeSession:
    """A session of the viewer's organisation (other organisations' do not exist), or a 404."""
    session = db.session.get(KnowledgeSession, session_id)
    mine = session if session is not None and session.organisation_id == viewer.organisation_id else None
    return found(mine, "session_id", _l("No such session."))


def may_edit(user, session: KnowledgeSession) -> bool:
    return user.is_admin or user.id in (session.host_id, session.created_by_id)


def editable_session(viewer, session_id: int) -> KnowledgeSession:
    """A session the viewer may change (its host, whoever planned it, an admin), or a 404 or a 403."""
    session = visible_session(viewer, session_id)
    if not may_edit(viewer, session):
        message = _l("Only the host, whoever planned it, or an admin may change this session.")
        raise RuleError("session_id", message, 403)
    return session


def session_minutes(session: KnowledgeSession) -> int:
    if session.ends_at is None:
        return DEFAULT_MINUTES
    length = (as_utc(session.ends_at) - as_utc(session.starts_at)).total_seconds() // 60
    return int(max(1, min(length, MAX_MINUTES)))


def check_host(user, host_id: int) -> None:
    host = accounts.person(user.organisation_id, host_id)
    if host is None or not host.is_active:
        raise RuleError("host_id", _l("No such person in your organisation."))


def _host_of(user, data: dict) -> int | None:
    """`host_id`, the planner by default; nobody when proposing a session for someone else to host."""
    if data.get("looking_for_host"):
        return None
    host_id = data.get("host_id") or user.id
    if host_id != user.id:
        check_host(user, host_id)
    return host_id


def _finishes(starts_at: datetime, ends_at: datetime | None) -> datetime:
    return ends_at or starts_at + timedelta(minutes=DEFAULT_MINUTES)


def create_session(user, data: dict) -> KnowledgeSession:
    host_id = _host_of(user, data)
    session = KnowledgeSession(
        organisation_id=user.organisation_id,
        title=data["title"],
        description=data.get("description"),
        starts_at=data["starts_at"],
        ends_at=data.get("ends_at"),
        place=data.get("place"),
        capacity=data.get("capacity"),
        host_id=host_id,
        created_by_id=user.id,
        finishes_at=_finishes(data["starts_at"], data.get("ends_at")),
    )
    db.session.add(session)
    db.session.flush()
    if data.get("resource_ids"):
        reading.set_resources(user, session, data["resource_ids"])
    announce(session)
    return session


def plan_series(user, data: dict):
    """A series whose first session is hosted by `host_id` (default: the planner)."""
    made = series.create_series(user, data, _host_of(user, data))
    first = db.session.scalar(
        select(KnowledgeSession)
        .join(SessionOccurrence, SessionOccurrence.session_id == KnowledgeSession.id)
        .where(SessionOccurrence.series_id == made.id)
        .order_by(KnowledgeSession.starts_at, KnowledgeSession.id)
        .limit(1)
    )
    if first is not None:
        announce(first)
    return made


def update_session(user, session: KnowledgeSession, changes: dict) -> KnowledgeSession:
    starts_at = changes.get("starts_at", as_utc(session.starts_at))
    ends_at = changes["ends_at"] if "ends_at" in changes else as_utc(session.ends_at)
    if ends_at is not None and ends_at <= starts_at:
        raise RuleError("ends_at", _l("The end must be after the start."))
    if "host_id" in changes and changes["host_id"] != session.host_id:
        check_host(user, changes["host_id"])
    if changes.get("capacity") is not None:
        coming = rsvp_counts([session.id]).get(session.id, 0)
        if changes["capacity"] < coming:
            raise RuleError("capacity", _l("%(num)s people are already coming.", num=coming))
    for key in EDITABLE:
        if key in changes:
            setattr(session, key, changes[key])
    session.finishes_at = _finishes(starts_at, ends_at)
    if "resource_ids" in changes:
        reading.set_resources(user, session, changes["resource_ids"])
    db.session.flush()
    return session


def cancel_session(session: KnowledgeSession) -> KnowledgeSession:
    """Marked cancelled, not deleted: those who joined still see it (struck out, in the app and in
    their calendars) and the reminder worker tells them; a series does not make it again."""
    if session.cancelled_at is None:
        session.cancelled_at = utcnow()
        db.session.flush()
    return session


def from_series(session_id: int) -> int | None:
    return db.session.scalar(select(SessionOccurrence.series_id).where(SessionOccurrence.session_id == session_id))


def delete_session(session: KnowledgeSession) -> None:
    """For a session planned by mistake. One that people joined, or that a series made, is cancelled
    instead: deleting it would leave them uninformed, or the series would make it again.
    Time people logged for having attended stays in their log."""
    if rsvp_counts([session.id]).get(session.id) or from_series(session.id) is not None:
        raise RuleError(
            "session",
            _l("People have joined or it belongs to a series: cancel it instead, so that everyone hears."),
            409,
        )
    reading.forget_session(session.id)
    db.session.delete(session)
    db.session.flush()


def list_sessions(
    organisation_id: int, *, upcoming: bool = False, recent: bool = False, limit: int = 50, now: datetime | None = None
) -> list[KnowledgeSession]:
    """Upcoming (not yet ended) soonest first; recent (ended in the last two weeks, not cancelled) and
    otherwise all, the latest first. Cancelled upcoming sessions are listed, marked."""
    now = now or utcnow()
    moment = literal(now, DateTime(timezone=True))
    query = select(KnowledgeSession).where(KnowledgeSession.organisation_id == organisation_id)
    if upcoming:
        series.materialise_all(organisation_id, now)  # a series' next sessions appear on their own
        query = query.where(KnowledgeSession.finishes_at > moment).order_by(
            KnowledgeSession.starts_at.asc(), KnowledgeSession.id.asc()
        )
    else:
        if recent:
            since = literal(now - timedelta(days=RECENT_DAYS), DateTime(timezone=True))
            query = query.where(
                KnowledgeSession.finishes_at <= moment,
                KnowledgeSession.finishes_at > since,
                KnowledgeSession.cancelled_at.is_(None),
            )
        query = query.order_by(KnowledgeSession.starts_at.desc(), KnowledgeSession.id.desc())
    return list(db.session.scalars(query.limit(limit)))


def rsvp_counts(session_ids) -> dict[int, int]:
    ids = list(set(session_ids))
    if not ids:
        return {}
    rows = db.session.execute(
        select(Rsvp.session_id, func.count()).where(Rsvp.session_id.in_(ids)).group_by(Rsvp.session_id)
    )
    return {session_id: int(count) for session_id, count in rows}


def attending_ids(user, session_ids) -> set[int]:
    ids = list(set(session_ids))
    if not ids:
        return set()
    return set(db.session.scalars(select(Rsvp.session_id).where(Rsvp.user_id == user.id, Rsvp.session_id.in_(ids))))


def join(user, session: KnowledgeSession) -> bool:
    """Say you are coming; True when this call added you, False when you were already coming.

    The count and the insert are one statement, so two people taking the last place at once cannot
    both get it: SQLite runs one writer at a time, and PostgreSQL first locks the session's row.
    """
    if session.cancelled_at is not None:
        raise RuleError("session", _l("This session is cancelled."), 409)
    if is_postgres():
        db.session.execute(select(KnowledgeSession.id).where(KnowledgeSession.id == session.id).with_for_update())
    table = Rsvp.__table__
    taken = select(func.count()).select_from(table).where(table.c.session_id == session.id).scalar_subquery()
    capacity = select(KnowledgeSession.capacity).where(KnowledgeSession.id == session.id).scalar_subquery()
    already = exists().where(table.c.session_id == session.id, table.c.user_id == user.id)
    row = select(literal(session.id), literal(user.id), literal(utcnow(), DateTime(timezone=True))).where(
        ~already, or_(capacity.is_(None), taken < capacity)
    )
    stmt = insert(table).from_select(["session_id", "user_id", "created_at"], row).returning(table.c.user_id)
    if db.session.execute(stmt).first() is not None:
        return True
    if session.id in attending_ids(user, [session.id]):
        return False
    raise RuleError("session", _l("This session is full."), 409)


def leave(user, session: KnowledgeSession) -> None:
    db.session.execute(db.delete(Rsvp).where(Rsvp.session_id == session.id, Rsvp.user_id == user.id))
    db.session.flush()


def attended_entry_id(session_id: int, user_id: int) -> str:
    return str(uuid.uuid5(hosting.NAMESPACE, f"knowledge-session:{session_id}:{user_id}"))


def attend(user, session: KnowledgeSession, now: datetime | None = None):
    """Log the session as learning time for `user`, once: `(entry, created)`. The date is the day the
    session started where the user is; the minutes are its length."""
    starts_at = as_utc(session.starts_at)
    if session.cancelled_at is not None:
        raise RuleError("session", _l("This session is cancelled."), 409)
    if starts_at > (now or utcnow()):
        raise RuleError("session", _l("This session has not started yet."), 409)
    return log.log_knowledge_session(
        user,
        entry_id=attended_entry_id(session.id, user.id),
        date=starts_at.astimezone(zone(user.timezone)).date(),
        minutes=session_minutes(session),
        title=session.title,
    )
