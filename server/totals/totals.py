"""Team and organisation learning-time totals: which weeks, who counts in each week, who met their goal,
and which weeks are withheld because the group was too small to stay anonymous.

The database sums the minutes (server.log.aggregates); this module decides who belongs to which week
and compares each member's week with their goal. Members are few, so that part is plain Python.
Nothing here ever reads a note or an entry's title.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from ..accounts import service as accounts
from ..audit import service as audit
from ..clock import iso_week_label, local_today, start_of_day, week_start_of, zone
from ..i18n import select_locale
from ..log import service as log
from ..sessions import service as sessions
from ..teams import service as teams
from .top_resources import TOP, top_resources

EARLIEST_WEEK = date(1970, 1, 5)  # a Monday long before anyone logged anything
LATEST_WEEK = date(9999, 12, 27)  # a Monday after anything will be logged


@dataclass
class Member:
    user: object
    spans: list[tuple[date, date]] = field(default_factory=list)  # inclusive week_start ranges

    def counts_in(self, week: date) -> bool:
        return any(start <= week <= end for start, end in self.spans)


def week_starts(organisation, count: int, today: date | None = None) -> list[date]:
    """The Mondays of the last `count` ISO weeks, newest first; the current one is the week of
    today's date in the organisation's timezone."""
    today = today or local_today(organisation.timezone)
    current = week_start_of(today)
    return [current - timedelta(weeks=i) for i in range(count)]


def _last_active_week(user, tz: ZoneInfo) -> date:
    """Deactivated or deleted people stop counting after that week; their past minutes stay."""
    ended = [moment for moment in (user.deactivated_at, user.deleted_at) if moment is not None]
    return week_start_of(min(ended).astimezone(tz).date()) if ended else LATEST_WEEK


def team_members(team_id: int, tz: ZoneInfo) -> list[Member]:
    """Each person who was ever in the team, with the weeks they count for.

    Membership dates are half-open: a person belongs to a team from `joined_on` up to the day
    before `left_on`, and counts for every week they belonged to it on at least one day. Someone's
    first team also gets the weeks before they joined it: there is no other team to credit, and
    people log the days before their account existed (or before an admin put them in a team).
    """
    history = teams.membership_history(team_id)
    users = accounts.users_by_id({row[0] for row in history})
    members: dict[int, Member] = {}
    for user_id, joined_on, left_on, first in history:
        if left_on is not None and left_on <= joined_on:
            continue
        start = EARLIEST_WEEK if first else week_start_of(joined_on)
        end = week_start_of(left_on - timedelta(days=1)) if left_on is not None else LATEST_WEEK
        end = min(end, _last_active_week(users[user_id], tz))
        if start <= end:
            members.setdefault(user_id, Member(users[user_id])).spans.append((start, end))
    return sorted(members.values(), key=lambda m: (m.user.name.lower(), m.user.id))


def _spans(members: list[Member]) -> list[tuple[int, date, date]]:
    return [(m.user.id, start, end) for m in members for start, end in m.spans]


def _runs(starts: list[date], hidden: set[date]) -> list[tuple[date, date]]:
    """The stretches of consecutive weeks that are shown, oldest first, as (first, last) Mondays."""
    runs: list[list[date]] = []
    for week in sorted(starts):
        if week in hidden:
            continue
        if runs and runs[-1][1] + timedelta(weeks=1) == week:
            runs[-1][1] = week
        else:
            runs.append([week, week])
    return [(first, last) for first, last in runs]


def _hidden_weeks(organisation, starts: list[date], members: list[Member]) -> set[date]:
    """Weeks of a group smaller than the organisation's minimum: their figures would single people out."""
    if organisation.show_individual_minutes:
        return set()
    return {w for w in starts if sum(1 for m in members if m.counts_in(w)) < organisation.min_group_size}


def _windows(organisation, runs: list[tuple[date, date]]) -> list[tuple[datetime, datetime]]:
    return [
        (start_of_day(first, organisation.timezone), start_of_day(last + timedelta(weeks=1), organisation.timezone))
        for first, last in runs
    ]


def team_totals(team, organisation, weeks: int, *, today: date | None = None) -> dict:
    """The team's last `weeks` weeks, newest first, as managers and admins see them."""
    tz = zone(organisation.timezone)
    starts = week_starts(organisation, weeks, today)
    first, last = starts[-1], starts[0]
    members = [m for m in team_members(team.id, tz) if any(m.counts_in(w) for w in starts)]
    spans = _spans(members)
    hidden = _hidden_weeks(organisation, starts, members)
    runs = _runs(starts, hidden)
    # Top resources come only from the weeks that are shown.
    shown_spans = [
        (user_id, max(start, a), min(end, b))
        for user_id, start, end in spans
        for a, b in runs
        if max(start, a) <= min(end, b)
    ]
    resources = (
        top_resources(
            log.most_logged_resources(shown_spans, first, last) if shown_spans else [],
            [m.user.id for m in members],
            _windows(organisation, runs),
        )
        if runs
        else None
    )
    return _totals(
        {"id": team.id, "name": team.name},
        organisation,
        starts,
        members,
        hidden,
        log.minutes_by_week(spans, first, last),
        log.member_week_minutes(spans, first, last),
        sessions.session_week_counts(organisation.id, spans, first, last, organisation.timezone),
        resources,
    )


def organisation_totals(organisation, weeks: int, *, today: date | None = None) -> dict:
    """The same for everyone in the organisation, team or not (admins only)."""
    tz = zone(organisation.timezone)
    starts = week_starts(organisation, weeks, today)
    first, last = starts[-1], starts[0]
    member_weeks = log.organisation_member_week_minutes(organisation.id, first, last)
    users = {u.id: u for u in accounts.people(organisation.id)}
    users |= accounts.users_by_id({row[0] for row in member_weeks} - set(users))
    members = sorted(
        (
            Member(u, [(EARLIEST_WEEK, _last_active_week(u, tz))])
            for u in users.values()
            if u.organisation_id == organisation.id
        ),
        key=lambda m: (m.user.name.lower(), m.user.id),
    )
    members = [m for m in members if any(m.counts_in(w) for w in starts)]
    hidden = _hidden_weeks(organisation, starts, members)
    runs = _runs(starts, hidden)
    logged: dict[int, list[int]] = {}
    for run_first, run_last in runs:
        for resource_id, entries, minutes in log.organisation_most_logged_resources(
            organisation.id, run_first, run_last, limit=TOP * 4 if len(runs) > 1 else TOP
        ):
            counts = logged.setdefault(resource_id, [0, 0])
            counts[0], counts[1] = counts[0] + int(entries), counts[1] + int(minutes)
    most_logged = sorted(((rid, e, m) for rid, (e, m) in logged.items()), key=lambda r: (-r[1], -r[2], r[0]))[:TOP]
    resources = top_resources(most_logged, [m.user.id for m in members], _windows(organisation, runs)) if runs else None
    return _totals(
        {"id": organisation.id, "name": organisation.name},
        organisation,
        starts,
        members,
        hidden,
        log.organisation_minutes_by_week(organisation.id, first, last),
        member_weeks,
        sessions.session_week_counts(organisation.id, _spans(members), first, last, organisation.timezone),
        resources,
    )


def _totals(
    subject: dict,
    organisation,
    starts: list[date],
    members: list[Member],
    hidden: set[date],
    week_rows,
    member_week_rows,
    session_counts: dict,
    resources: dict | None,
) -> dict:
    by_week: dict[date, dict[str, int]] = {week: {} for week in starts}
    for week, activity, minutes in week_rows:
        if week in by_week and minutes:
            by_week[week][activity] = by_week[week].get(activity, 0) + int(minutes)
    minutes_of = {(user_id, week): int(minutes) for user_id, week, minutes in member_week_rows}
    away = log.away_member_weeks([m.user.id for m in members], starts[-1], starts[0])
    goals = {m.user.id: accounts.weekly_goal(m.user, organisation) for m in members}

    weeks = []
    locale = select_locale()
    for week in starts:
        counted = [m for m in members if m.counts_in(week)]
        row = {
            "week": iso_week_label(week),
            "week_start": week,
            "member_count": len(counted),
            "suppressed": week in hidden,
            "holidays": log.holidays_of_week(organisation, week, locale),
        }
        if week in hidden:
            weeks.append(
                row
                | dict.fromkeys(
                    ("total_minutes", "members_met_goal", "by_activity", "sessions_hosted", "sessions_attended")
                )
            )
            continue
        # Someone away all week has no goal that week, so they count as having met it: the
        # count stays "members on track" and the member count stays the team's headcount.
        met = sum(
            1
            for m in counted
            if (m.user.id, week) in away
            or minutes_of.get((m.user.id, week), 0) >= log.goal_of_week(goals[m.user.id], organisation, week)
        )
        activities = by_week[week]
        held = session_counts.get(week, {})
        weeks.append(
            row
            | {
                "total_minutes": sum(activities.values()),
                "members_met_goal": met,
                "by_activity": dict(sorted(activities.items())),
                "sessions_hosted": held.get("hosted", 0),
                "sessions_attended": held.get("attended", 0),
            }
        )

    totals = {
        "team": subject,
        "goal_minutes": organisation.weekly_goal_minutes,
        "min_group_size": organisation.min_group_size,
        "show_individual_minutes": organisation.show_individual_minutes,
        "weeks": weeks,
        "top_resources": resources,
    }
    if organisation.show_individual_minutes:
        totals["members"] = [
            {
                "user_id": m.user.id,
                "name": m.user.name,
                "weeks": [
                    {"week": iso_week_label(w), "minutes": minutes_of.get((m.user.id, w), 0)}
                    for w in starts
                    if m.counts_in(w)
                ],
            }
            for m in members
        ]
    return totals


def note_export(actor, data: dict, file_format: str, scope: str) -> None:
    """Downloads of team numbers are in the audit trail: who took which team's weeks away, and how.
    `scope` is "team" or "organisation"."""
    subject = data["team"]
    audit.record(
        actor,
        "totals.exported",
        target_type=scope,
        target_id=subject["id"],
        target_name=subject["name"],
        details={"format": file_format, "weeks": len(data["weeks"])},
    )
