"""Team rules: membership over time, managers, and who may see which team. What other features call.

Functions flush; the request (or CLI command) commits.
"""

from datetime import date
from functools import cache

from flask import Flask
from flask_babel import lazy_gettext as _l

from .. import privacy
from ..accounts import service as accounts
from ..clock import local_today
from ..errors import RuleError, found
from ..extensions import db
from .groups import audit_team_change as _audit
from .groups import (  # noqa: F401  (teams as the company directory's groups, for scim)
    change_members,
    delete_team,
    members_of_many,
    set_external_id,
    teams_of_organisation,
)
from .models import Invite, Team, TeamManager, TeamMembership


def create_team(organisation_id: int, name: str, *, actor=None) -> Team:
    name = name.strip()
    if find_team(organisation_id, name) is not None:
        raise RuleError("name", _l("A team with this name already exists."), 409)
    team = Team(organisation_id=organisation_id, name=name)
    db.session.add(team)
    db.session.flush()
    _audit(actor, "team.created", team)
    return team


def rename_team(team: Team, name: str, *, actor=None) -> Team:
    name = name.strip()
    other = find_team(team.organisation_id, name)
    if other is not None and other.id != team.id:
        raise RuleError("name", _l("A team with this name already exists."), 409)
    previous, team.name = team.name, name
    if previous != name:
        _audit(actor, "team.renamed", team, previous=previous)
    db.session.flush()
    return team


def get_or_create_team(organisation_id: int, name: str) -> Team:
    return find_team(organisation_id, name) or create_team(organisation_id, name)


def find_team(organisation_id: int, name: str) -> Team | None:
    return db.session.scalar(db.select(Team).where(Team.organisation_id == organisation_id, Team.name == name.strip()))


def get_team(organisation_id: int, team_id: int) -> Team | None:
    """The team when it belongs to this organisation; other organisations' teams do not exist here."""
    team = db.session.get(Team, team_id)
    return team if team is not None and team.organisation_id == organisation_id else None


def visible_team(viewer, team_id: int) -> Team:
    """A team of the viewer's organisation, or a 404."""
    return found(get_team(viewer.organisation_id, team_id), "team_id", _l("No such team."))


def totals_team(viewer, team_id: int) -> Team:
    """A team whose totals the viewer may see (its managers, and admins), or a 404 or a 403."""
    team = visible_team(viewer, team_id)
    if not may_view_totals(viewer, team):
        raise RuleError("team_id", _l("Only the team's managers and admins see its totals."), 403)
    return team


def teams_by_id(organisation_id: int, team_ids) -> dict[int, Team]:
    """The organisation's teams among `team_ids` (None ids left out), in one query."""
    wanted = {team_id for team_id in team_ids if team_id is not None}
    if not wanted:
        return {}
    return {
        team.id: team
        for team in db.session.scalars(
            db.select(Team).where(Team.organisation_id == organisation_id, Team.id.in_(wanted))
        )
    }


def add_member(team: Team, user, on: date | None = None, *, actor=None) -> None:
    if _open_membership(team.id, user.id) is None:
        db.session.add(TeamMembership(team_id=team.id, user_id=user.id, joined_on=on or local_today(user.timezone)))
        _audit(actor, "team.member_added", team, user)
        db.session.flush()


def remove_member(team: Team, user, on: date | None = None, *, actor=None) -> None:
    membership = _open_membership(team.id, user.id)
    if membership is not None:
        membership.left_on = on or local_today(user.timezone)
        _audit(actor, "team.member_removed", team, user)
        db.session.flush()


def set_manager(team: Team, user, managing: bool = True, *, actor=None) -> None:
    row = db.session.get(TeamManager, (team.id, user.id))
    if managing and row is None:
        db.session.add(TeamManager(team_id=team.id, user_id=user.id))
        _audit(actor, "team.manager_added", team, user)
    elif not managing and row is not None:
        db.session.delete(row)
        _audit(actor, "team.manager_removed", team, user)
    db.session.flush()


def _open_membership(team_id: int, user_id: int) -> TeamMembership | None:
    return db.session.scalar(
        db.select(TeamMembership).where(
            TeamMembership.team_id == team_id, TeamMembership.user_id == user_id, TeamMembership.left_on.is_(None)
        )
    )


def teams_of(user) -> list[Team]:
    """Teams the user is a member of today."""
    return teams_of_many([user])[user.id]


def teams_of_many(users) -> dict[int, list[Team]]:
    ids = [u.id for u in users]
    found: dict[int, list[Team]] = {i: [] for i in ids}
    if ids:
        rows = db.session.execute(
            db.select(TeamMembership.user_id, Team)
            .join(Team, TeamMembership.team_id == Team.id)
            .where(TeamMembership.user_id.in_(ids), TeamMembership.left_on.is_(None))
            .order_by(Team.name)
        )
        for user_id, team in rows:
            found[user_id].append(team)
    return found


def managed_team_ids(user) -> set[int]:
    return managed_by_many([user])[user.id]


def managed_by_many(users) -> dict[int, set[int]]:
    ids = [u.id for u in users]
    found: dict[int, set[int]] = {i: set() for i in ids}
    if ids:
        for user_id, team_id in db.session.execute(
            db.select(TeamManager.user_id, TeamManager.team_id).where(TeamManager.user_id.in_(ids))
        ):
            found[user_id].add(team_id)
    return found


def visible_teams(user) -> list[Team]:
    """Admins see every team of their organisation; others the teams they manage or belong to."""
    query = db.select(Team).where(Team.organisation_id == user.organisation_id).order_by(Team.name)
    if not user.is_admin:
        own = managed_team_ids(user) | {t.id for t in teams_of(user)}
        query = query.where(Team.id.in_(own or {-1}))
    return list(db.session.scalars(query))


def may_view_totals(user, team: Team, managed: set[int] | None = None) -> bool:
    """Admins see every team's totals, managers those of the teams they manage (`managed`, when the
    caller has them at hand)."""
    if team.organisation_id != user.organisation_id:
        return False
    return user.is_admin or team.id in (managed_team_ids(user) if managed is None else managed)


def member_ids(team_id: int) -> list[int]:
    return list(
        db.session.scalars(
            db.select(TeamMembership.user_id).where(TeamMembership.team_id == team_id, TeamMembership.left_on.is_(None))
        )
    )


def team_managers(team_id: int) -> list[int]:
    return list(db.session.scalars(db.select(TeamManager.user_id).where(TeamManager.team_id == team_id)))


@cache
def _membership_history_query():
    earlier = db.aliased(TeamMembership)
    first = (
        ~db.select(earlier.id)
        .where(
            earlier.user_id == TeamMembership.user_id,
            db.or_(
                earlier.joined_on < TeamMembership.joined_on,
                db.and_(earlier.joined_on == TeamMembership.joined_on, earlier.id < TeamMembership.id),
            ),
        )
        .exists()
    )
    return db.select(TeamMembership.user_id, TeamMembership.joined_on, TeamMembership.left_on, first).where(
        TeamMembership.team_id == db.bindparam("team_id")
    )


def membership_history(team_id: int) -> list[tuple[int, date, date | None, bool]]:
    """(user_id, joined_on, left_on, first) for every stretch anyone was in the team; `first` marks
    the person's earliest team membership in any team."""
    rows = db.session.execute(_membership_history_query(), {"team_id": team_id})
    return [(user_id, joined_on, left_on, bool(is_first)) for user_id, joined_on, left_on, is_first in rows]


# -- invitations, for features above teams ---------------------------------------------------------
def accept_invite_without_password(token: str, *, name: str, email: str):
    """Join through an invitation link with an address someone else vouched for (the company's
    sign-in): the account gets no password. Raises RuleError as accepting with a password does."""
    from . import invites  # invites builds on this module; imported here so the import runs one way

    return invites.accept_invite(token, name=name, email=email, password=None)


# -- what teams add to accounts -------------------------------------------------------------------
@cache
def _profile_query():
    ids = db.bindparam("user_ids", expanding=True)
    member = (
        db.select(db.literal(0).label("manages"), TeamMembership.user_id, Team.id, Team.name)
        .join(Team, TeamMembership.team_id == Team.id)
        .where(TeamMembership.user_id.in_(ids), TeamMembership.left_on.is_(None))
    )
    manages = db.select(db.literal(1), TeamManager.user_id, TeamManager.team_id, db.null()).where(
        TeamManager.user_id.in_(ids)
    )
    union = db.union_all(member, manages).subquery()
    return db.select(union).order_by(union.c.manages, union.c.name, union.c.id)


def _profile_part(users) -> dict[int, dict]:
    """Each person's current teams (`{id, name}` by name) and the teams they manage, in one round trip:
    every app start reads this."""
    found = {u.id: {"teams": [], "managed_team_ids": []} for u in users}
    if not found:
        return found
    for manages_it, user_id, team_id, name in db.session.execute(_profile_query(), {"user_ids": list(found)}):
        if manages_it:
            found[user_id]["managed_team_ids"].append(team_id)
        else:
            found[user_id]["teams"].append({"id": team_id, "name": name})
    for part in found.values():
        part["managed_team_ids"].sort()
    return found


def _role_changed(user, before: str) -> None:
    if user.role == "employee":
        db.session.execute(db.delete(TeamManager).where(TeamManager.user_id == user.id))


def _export(user) -> list[dict]:
    managed = managed_team_ids(user)
    return [{"id": t.id, "name": t.name, "manager": t.id in managed} for t in teams_of(user)]


def _erase(user) -> None:
    # Memberships stay: team totals count a deleted person's past weeks up to `deleted_at`.
    db.session.execute(db.delete(TeamManager).where(TeamManager.user_id == user.id))
    # The address leaves the invitations too (one addressed to it, or the one they accepted).
    db.session.execute(
        db.update(Invite)
        .where(db.or_(Invite.email == user.email, Invite.accepted_user_id == user.id))
        .values(email=None)
    )


def register_with_accounts(app: Flask) -> None:
    accounts.register_profile_part(app, _profile_part)
    accounts.role_changed.connect(_role_changed, weak=False)
    privacy.register_personal_data(app, "teams", _export, _erase)
