"""The host rota of a series: who might host next.

Colleagues who have never hosted one of the series' sessions come first, then those who hosted
longest ago; people already hosting one still to come are left out. Among equals, those who have
joined the series' sessions come first (they know what it is like), then by name. It only suggests:
someone volunteers ("I'll host") or the series' planner asks a colleague and sets the host.
"""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select

from ..accounts import service as accounts
from ..clock import as_utc, utcnow, zone
from ..extensions import db
from .models import KnowledgeSession, Rsvp, SessionOccurrence, SessionSeries

SUGGESTIONS = 5


@dataclass
class Suggestion:
    id: int
    name: str
    times_hosted: int
    last_hosted_on: date | None


def _hosting(series: SessionSeries, now: datetime) -> tuple[dict[int, tuple[int, datetime]], set[int]]:
    """({host id: (sessions hosted, the latest one's start)} for sessions held, {hosts of ones to come})."""
    sessions = (
        select(KnowledgeSession.host_id, KnowledgeSession.starts_at)
        .join(SessionOccurrence, SessionOccurrence.session_id == KnowledgeSession.id)
        .where(
            SessionOccurrence.series_id == series.id,
            KnowledgeSession.host_id.is_not(None),
            KnowledgeSession.cancelled_at.is_(None),
        )
    )
    held: dict[int, tuple[int, datetime]] = {}
    coming: set[int] = set()
    for host_id, starts_at in db.session.execute(sessions):
        starts_at = as_utc(starts_at)
        if starts_at > now:
            coming.add(host_id)
            continue
        count, latest = held.get(host_id, (0, starts_at))
        held[host_id] = (count + 1, max(latest, starts_at))
    return held, coming


def _joined(series: SessionSeries) -> set[int]:
    return set(
        db.session.scalars(
            select(Rsvp.user_id)
            .join(SessionOccurrence, SessionOccurrence.session_id == Rsvp.session_id)
            .where(SessionOccurrence.series_id == series.id)
            .group_by(Rsvp.user_id)
            .having(func.count() > 0)
        )
    )


def suggest_hosts(series: SessionSeries, now: datetime | None = None, limit: int = SUGGESTIONS) -> list[Suggestion]:
    now = now or utcnow()
    held, coming = _hosting(series, now)
    joined = _joined(series)
    here = zone(series.timezone)
    people = [p for p in accounts.people(series.organisation_id) if p.is_active and p.id not in coming]

    def order(person):
        count, latest = held.get(person.id, (0, None))
        return (count > 0, latest or now, person.id not in joined, person.name.casefold(), person.id)

    return [
        Suggestion(
            p.id, p.name, held.get(p.id, (0, None))[0], held[p.id][1].astimezone(here).date() if p.id in held else None
        )
        for p in sorted(people, key=order)[:limit]
    ]
