"""Shapes shared by the accounts views: a person's profile and how a broken rule is answered."""

from ..teams import service as teams
from . import service


def profile(user) -> dict:
    org = service.organisation_of(user)
    return {
        "id": user.id, "email": user.email, "name": user.name, "role": user.role,
        "locale": user.locale, "timezone": user.timezone,
        "weekly_goal_minutes": user.weekly_goal_minutes,
        "effective_goal_minutes": service.weekly_goal(user),
        "organisation": {"id": org.id, "name": org.name, "timezone": org.timezone,
                         "weekly_goal_minutes": org.weekly_goal_minutes,
                         "show_individual_minutes": org.show_individual_minutes},
        "teams": [{"id": t.id, "name": t.name} for t in teams.teams_of(user)],
        "managed_team_ids": sorted(teams.managed_team_ids(user)),
    }


