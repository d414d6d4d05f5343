"""Team rules: membership over time, managers, and who may see which team."""
from datetime import date
from functools import cache

from ..accounts.models import User
from ..extensions import db
from ..rules import RuleError
from .models import Team, TeamManager, TeamMembership


class TeamError(RuleError):
    """A team rule was broken."""


def create_team(organisation_id: int, name: str) -> Team:
    name = name.strip()
    exists = db.session.scalar(db.select(Team.id).where(Team.organisation_id == organisation_id,
                                                        Team.name == name))
    if exists is not None:
        raise TeamError("name", "A team with this name already exists.")
    team = Team(organisation_id=organisation_id, name=name)
    db.session.add(team)
    db.session.flush()
    return team


def get_or_create_team(organisation_id: int, name: str) -> Team:
    team = find_team(organisation_id, name)
    return team or create_team(organisation_id, name)


def find_team(organisation_id: int, name: str) -> Team | None:
    return db.session.scalar(db.select(Team).where(Team.organisation_id == organisation_id,
                                                   Team.name == name.strip()))


def get_team(organisation_id: int, team_id: int) -> Team | None:
    """The team when it belongs to this organisation; other organisations' teams do not exist here."""
    team = db.session.get(Team, team_id)
    return team if team is not None and team.organisation_id == organisation_id else None


def add_member(team: Team, user: User, on: date | None = None) -> None:
    if _open_membership(team.id, user.id) is None:
        db.session.add(TeamMembership(team_id=team.id, user_id=user.id, joined_on=on or date.today()))
        db.session.flush()


def remove_member(team: Team, user: User, on: date | None = None) -> None:
    membership = _open_membership(team.id, user.id)
    if membership is not None:
        membership.left_on = on or date.today()
        db.session.flush()


def set_manager(team: Team, user: User, managing: bool = True) -> None:
    row = db.session.get(TeamManager, (team.id, user.id))
    if managing and row is None:
        db.session.add(TeamManager(team_id=team.id, user_id=user.id))
    elif not managing and row is not None:
        db.session.delete(row)
    db.session.flush()


def _open_membership(team_id: int, user_id: int) -> TeamMembership | None:
    return db.session.scalar(db.select(TeamMembership).where(
        TeamMembership.team_id == team_id, TeamMembership.user_id == user_id,
        TeamMembership.left_on.is_(None)))


def teams_of(user: User) -> list[Team]:
    """Teams the user is a member of today."""
    return list(db.session.scalars(
        db.select(Team).join(TeamMembership, TeamMembership.team_id == Team.id)
        .where(TeamMembership.user_id == user.id, TeamMembership.left_on.is_(None))
        .order_by(Team.name)))


def managed_team_ids(user: User) -> set[int]:
    return set(db.session.scalars(db.select(TeamManager.team_id).where(TeamManager.user_id == user.id)))


def visible_teams(user: User) -> list[Team]:
    """Admins see every team of their organisation; others the teams they manage or belong to."""
    query = db.select(Team).where(Team.organisation_id == user.organisation_id).order_by(Team.name)
    if not user.is_admin:
        own = managed_team_ids(user) | {t.id for t in teams_of(user)}
        query = query.where(Team.id.in_(own or {-1}))
    return list(db.session.scalars(query))


def may_view_totals(user: User, team: Team) -> bool:
    if team.organisation_id != user.organisation_id:
        return False
    return user.is_admin or team.id in managed_team_ids(user)


def member_ids(team_id: int) -> list[int]:
    return list(db.session.scalars(db.select(TeamMembership.user_id).where(
        TeamMembership.team_id == team_id, TeamMembership.left_on.is_(None))))


def team_managers(team_id: int) -> list[int]:
    return list(db.session.scalars(db.select(TeamManager.user_id).where(TeamManager.team_id == team_id)))


@cache
def _membership_history_query():
    earlier = db.aliased(TeamMembership)
    first = ~db.select(earlier.id).where(
        earlier.user_id == TeamMembership.user_id,
        db.or_(earlier.joined_on < TeamMembership.joined_on,
               db.and_(earlier.joined_on == TeamMembership.joined_on, earlier.id < TeamMembership.id))).exists()
    return db.select(TeamMembership.user_id, TeamMembership.joined_on, TeamMembership.left_on, first).where(
        TeamMembership.team_id == db.bindparam("team_id"))


def membership_history(team_id: int) -> list[tuple[int, date, date | None, bool]]:
    """(user_id, joined_on, left_on, first) for every stretch anyone was in the team; `first` marks
    the person's earliest team membership in any team."""
    rows = db.session.execute(_membership_history_query(), {"team_id": team_id})
    return [(user_id, joined_on, left_on, bool(is_first)) for user_id, joined_on, left_on, is_first in rows]
