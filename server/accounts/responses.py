"""Shapes shared by the accounts views: a person's profile and how a broken rule is answered."""
from flask_smorest import abort

from ..extensions import db
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


def refuse(error: service.AccountError):
    """Answer a broken rule: 422 names the field, other statuses carry the message."""
    db.session.rollback()
    if error.status == 422:
        abort(422, errors={"json": {error.field: [error.message]}})
    abort(error.status, message=error.message)
