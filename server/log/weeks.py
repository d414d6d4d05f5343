"""Weeks as people live them: ISO weeks starting Monday in the user's own timezone, goals, away weeks,
public holidays and streaks."""

from datetime import date, timedelta
from functools import cache

from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, bindparam, func, literal, null, union_all

from .. import public_holidays
from ..accounts import service as accounts
from ..clock import iso_week_label, local_today, week_start_of
from ..errors import RuleError
from ..extensions import db
from .models import AwayPeriod, Entry

WORKING_DAYS = public_holidays.WORKING_DAYS  # Monday to Friday


def goal_of_week(goal: int, organisation, monday: date) -> int:
    """The week's goal: smaller by a fifth for each public holiday on a working day, where the
    organisation chose so (off by default: the hour is the hour)."""
    if organisation.holiday_goal != "proportional":
        return goal
    off = public_holidays.holiday_working_days(organisation.holiday_country, monday)
    return round(goal * (WORKING_DAYS - off) / WORKING_DAYS)


def holidays_of_week(organisation, monday: date, locale: str | None) -> list[dict]:
    """The week's public holidays in the organisation's country, named in `locale`."""
    days = public_holidays.in_week(organisation.holiday_country, monday, locale)
    return [{"date": day, "name": name} for day, name in days.items()]


def away_periods_between(user_id: int, first: date, last: date) -> list[tuple[date, date]]:
    return [
        tuple(row)
        for row in db.session.execute(
            db.select(AwayPeriod.starts_on, AwayPeriod.ends_on).where(
                AwayPeriod.user_id == user_id, AwayPeriod.starts_on <= last, AwayPeriod.ends_on >= first
            )
        )
    ]


def away_on(days: set[tuple[int, date]]) -> set[tuple[int, date]]:
    """Which of these (person, day) pairs fall in one of that person's away periods, in one query."""
    if not days:
        return set()
    first, last = min(day for _, day in days), max(day for _, day in days)
    periods = db.session.execute(
        db.select(AwayPeriod.user_id, AwayPeriod.starts_on, AwayPeriod.ends_on).where(
            AwayPeriod.user_id.in_({user_id for user_id, _ in days}),
            AwayPeriod.starts_on <= last,
            AwayPeriod.ends_on >= first,
        )
    )
    return {
        (user_id, day)
        for user_id, starts, ends in periods
        for (someone, day) in days
        if someone == user_id and starts <= day <= ends
    }


def week_is_away(week_start: date, periods: list[tuple[date, date]]) -> bool:
    # A week is away when away periods cover all its working days, Monday to Friday: someone on
    # holiday Monday-Friday is away that week even if they were home at the weekend, while a single
    # day off still leaves a week to learn in.
    return all(
        any(start <= week_start + timedelta(days=i) <= end for start, end in periods) for i in range(WORKING_DAYS)
    )


def is_away(user, week_start: date) -> bool:
    week_start = week_start_of(week_start)
    periods = away_periods_between(user.id, week_start, week_start + timedelta(days=WORKING_DAYS - 1))
    return week_is_away(week_start, periods)


@cache
def _history_query():
    # Built once: every app start asks for the week (see `_history`).
    user_id, last = bindparam("user_id"), bindparam("last", type_=Date)
    away = db.select(literal("away"), AwayPeriod.starts_on, AwayPeriod.ends_on, null(), null()).where(
        AwayPeriod.user_id == user_id, AwayPeriod.starts_on <= last
    )
    sums = (
        db.select(literal("sum"), Entry.week_start, null(), Entry.activity, func.sum(Entry.minutes))
        .where(Entry.user_id == user_id)
        .group_by(Entry.week_start, Entry.activity)
    )
    return union_all(away, sums)


def _history(user_id: int, last: date) -> tuple[dict[date, dict[str, int]], list[tuple[date, date]]]:
    """The person's minutes per (week, activity) over their whole history and their away periods up
    to `last`, in one round trip: the database sums, and the few away periods come along."""
    weeks: dict[date, dict[str, int]] = {}
    periods: list[tuple[date, date]] = []
    for kind, start, ends_on, activity, minutes in db.session.execute(
        _history_query(), {"user_id": user_id, "last": last}
    ):
        if kind == "away":
            periods.append((start, ends_on))
        else:
            weeks.setdefault(start, {})[activity] = int(minutes)
    return weeks, periods


def recent_weeks(user, count: int, today: date | None = None, goal: int | None = None) -> list[dict]:
    """The last `count` weeks up to the current one, newest first, each with its streak so far.

    The streak walks forward from the user's first logged week: a met week adds one, an away week
    neither adds nor breaks, a missed week that has ended resets to zero, and the current week never
    resets it before it has ended. An away week's goal is 0, so it shows as met with nothing left.
    """
    today = today or local_today(user.timezone)
    current = week_start_of(today)
    oldest_shown = current - timedelta(weeks=count - 1)
    by_week, periods = _history(user.id, current + timedelta(days=6))
    first_logged = min(by_week, default=current + timedelta(weeks=1))
    first = min(oldest_shown, first_logged)
    organisation = accounts.organisation_of(user)
    goal = accounts.weekly_goal(user, organisation) if goal is None else goal

    shown: list[dict] = []
    streak = 0
    week = first
    while week <= current:
        by_activity = by_week.get(week, {})
        minutes = sum(by_activity.values())
        away = week_is_away(week, periods)
        week_goal = 0 if away else goal_of_week(goal, organisation, week)
        met = minutes >= week_goal
        if not away and week >= first_logged:
            if met:
                streak += 1
            elif week != current:
                streak = 0
        if week >= oldest_shown:
            shown.append(
                {
                    "week": iso_week_label(week),
                    "week_start": week,
                    "minutes": minutes,
                    "goal_minutes": week_goal,
                    "remaining_minutes": max(week_goal - minutes, 0),
                    "met": met,
                    "streak_weeks": streak,
                    "by_activity": dict(sorted(by_activity.items())),
                    "away": away,
                    "holidays": holidays_of_week(organisation, week, user.locale),
                }
            )
        week += timedelta(weeks=1)
    shown.reverse()
    return shown


def week_summary(user, today: date | None = None) -> dict:
    """The current week (in the user's timezone): minutes, goal, what is left, streak, by activity."""
    return recent_weeks(user, 1, today)[0]


def away_periods(user) -> list[AwayPeriod]:
    return list(
        db.session.scalars(
            db.select(AwayPeriod).where(AwayPeriod.user_id == user.id).order_by(AwayPeriod.starts_on.desc())
        )
    )


def add_away_period(user, starts_on: date, ends_on: date, reason: str = "holiday") -> AwayPeriod:
    """Mark days away (inclusive); both ends are dates in the user's own calendar."""
    if ends_on < starts_on:
        raise RuleError("ends_on", _l("The end is before the start."))
    if ends_on - starts_on > timedelta(days=3 * 366):
        raise RuleError("ends_on", _l("An away period can be at most three years."))
    period = AwayPeriod(user_id=user.id, starts_on=starts_on, ends_on=ends_on, reason=reason)
    db.session.add(period)
    db.session.flush()
    return period


def delete_away_period(user, period_id: int) -> None:
    """Remove one of the person's own away periods; anyone else's is a 404."""
    period = db.session.get(AwayPeriod, period_id)
    if period is None or period.user_id != user.id:
        raise RuleError("period_id", _l("No such away period."), 404)
    db.session.delete(period)
    db.session.flush()
