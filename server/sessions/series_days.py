"""The days a series meets: its rule ("the first Friday of the month", "every other Tuesday"), and
what it does with a day that is a public holiday in the organisation's country: the planner chose to
move that session to the next working day, or to skip it.

Each session keeps the day of the rule it stands for (its occurrence), so moving one never makes it
twice and the next one still follows the rule.
"""

import calendar
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from .. import public_holidays

LAST = 5  # week_of_month for "the last <weekday> of the month"
HOLIDAY_RULES = ("move", "skip")


@dataclass(frozen=True)
class PlannedDay:
    occurrence: date  # the day of the rule
    held_on: date | None  # the day of the session; None when it is skipped
    holiday: str | None = None  # the holiday's name when the rule's day is one

    @property
    def moved(self) -> bool:
        return self.held_on is not None and self.held_on != self.occurrence


def week_of_month(day: date) -> int:
    """1–4 for the first to fourth <weekday> of its month; a fifth one counts as the last."""
    return min((day.day - 1) // 7 + 1, LAST)


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    first = date(year, month, 1)
    if nth == LAST:
        last = date(year, month, calendar.monthrange(year, month)[1])
        return last - timedelta(days=(last.isoweekday() - weekday) % 7)
    return first + timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (nth - 1))


def rule_days(series, after: date) -> Iterator[date]:
    """The series' days by its rule, on or after `after` (and never before it began), without end."""
    start = max(after, series.starts_on)
    if series.frequency in ("weekly", "biweekly"):
        step = 7 if series.frequency == "weekly" else 14
        day = series.starts_on + timedelta(days=step * -(-(start - series.starts_on).days // step))
        while True:
            yield day
            day += timedelta(days=step)
    year, month = start.year, start.month
    while True:
        day = _nth_weekday(year, month, series.weekday, series.week_of_month or 1)
        if day >= start:
            yield day
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def days_from(series, after: date, count: int = 3) -> list[date]:
    """The series' next `count` days by its rule, on or after `after`."""
    days = rule_days(series, after)
    return [next(days) for _ in range(count)]


def planned_days(series, after: date, count: int, country: str | None, locale: str | None = None) -> list[PlannedDay]:
    """The next `count` sessions of the series from `after`: each rule day, and the day it is held
    (None where a holiday is skipped; skipped days do not count towards `count`). A moved session is
    held on the next working day, which is never later than the rule's next day for any real series
    (a week of holidays would be needed)."""
    found: list[PlannedDay] = []
    held = 0
    for day in rule_days(series, after):
        holiday = public_holidays.between(country, day, day, locale).get(day)
        if holiday is None:
            found.append(PlannedDay(day, day))
        elif getattr(series, "on_holiday", None) == "skip":
            found.append(PlannedDay(day, None, holiday))
            continue
        else:
            found.append(PlannedDay(day, public_holidays.next_working_day(country, day), holiday))
        held += 1
        if held == count:
            return found
    return found
