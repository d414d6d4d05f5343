"""What the log offers the rest of the app: entries, weeks and streaks, away weeks, the sums team
totals are made of, and its part of a person's data. The rules live in `entries`, `weeks` and
`aggregates`; other features import only this module.

Functions flush; the request (or CLI command) commits.
"""

from sqlalchemy import func

from .. import metrics
from ..extensions import db
from .aggregates import (  # noqa: F401  (re-exported for team totals)
    away_member_weeks,
    member_week_minutes,
    minutes_by_member_week,
    minutes_by_week,
    most_logged_resources,
    organisation_member_week_minutes,
    organisation_minutes_by_week,
    organisation_most_logged_resources,
)
from .entries import (  # noqa: F401
    delete_entry,
    entries_in_range,
    entry_rows_in_range,
    insert_new_entries,
    log_entry,
    minutes_of_entries,
    new_entry_row,
    own_entries,
    own_entry,
    sync_entries,
    update_entry,
)
from .models import ACTIVITIES, AWAY_REASONS, AwayPeriod, Entry  # noqa: F401
from .schemas import AwayPeriodSchema, EntrySchema, entry_answer  # noqa: F401  (entry_answer: for routes)
from .weeks import (  # noqa: F401
    add_away_period,
    away_on,
    away_periods,
    delete_away_period,
    goal_of_week,
    holidays_of_week,
    is_away,
    recent_weeks,
    week_summary,
)


def sync_outbox(user, items: list[dict]) -> list[dict]:
    """An offline outbox replayed (see `entries.sync_entries`), counted for the operator's metrics."""
    results = sync_entries(user, items)
    metrics.count_outbox(results)
    return results


def resource_log_stats(resource_ids) -> dict[int, dict]:
    """How often and how long people have logged time against each resource."""
    ids = {int(i) for i in resource_ids}
    stats = {i: {"count": 0, "minutes": 0} for i in ids}
    if ids:
        for resource_id, count, minutes in db.session.execute(
            db.select(Entry.resource_id, func.count(), func.sum(Entry.minutes))
            .where(Entry.resource_id.in_(ids))
            .group_by(Entry.resource_id)
        ):
            stats[resource_id] = {"count": int(count), "minutes": int(minutes or 0)}
    return stats


def logged_resource_ids(user) -> set[int]:
    """The resources this user has ever logged time against (one DISTINCT query, no entries loaded)."""
    return set(
        db.session.scalars(
            db.select(Entry.resource_id).distinct().where(Entry.user_id == user.id, Entry.resource_id.is_not(None))
        )
    )


def log_knowledge_session(user, *, entry_id, date, minutes: int, title: str, today=None) -> tuple[Entry, bool]:
    """The entry for having attended a knowledge session; once per `entry_id`."""
    return log_entry(
        user,
        {
            "id": str(entry_id),
            "date": date,
            "minutes": max(1, min(int(minutes), 600)),
            "activity": "knowledge_session",
            "title": title[:200],
        },
        today=today,
    )


def export_personal_data(user) -> dict:
    """Everything this feature keeps about the user, notes included."""
    return {
        "entries": EntrySchema(many=True).dump(entries_in_range(user)),
        "away_periods": AwayPeriodSchema(many=True).dump(away_periods(user)),
    }


def erase_personal_data(user) -> None:
    """Removes what the user wrote and their away periods; minutes, dates and activities stay so that
    team totals of past weeks do not change."""
    db.session.execute(db.update(Entry).where(Entry.user_id == user.id).values(note=None, title=""))
    db.session.execute(db.delete(AwayPeriod).where(AwayPeriod.user_id == user.id))
    db.session.flush()
