"""Teams as the company directory keeps them (SCIM groups): their id there, many members changed in
one go (one query for who is in already, one audit row per person), and deleting a team the
directory removed. Memberships keep their dates, so team totals stay right for past weeks."""

from flask_babel import lazy_gettext as _l

from ..audit import service as audit
from ..clock import local_today
from ..errors import RuleError
from ..extensions import db
from .models import Team, TeamMembership


def teams_of_organisation(organisation_id: int) -> list[Team]:
    return list(db.session.scalars(db.select(Team).where(Team.organisation_id == organisation_id).order_by(Team.id)))


def members_of_many(team_ids) -> dict[int, list[int]]:
    """Today's members of each team, by user id, in one query."""
    found: dict[int, list[int]] = {team_id: [] for team_id in team_ids}
    if found:
        rows = db.session.execute(
            db.select(TeamMembership.team_id, TeamMembership.user_id)
            .where(TeamMembership.team_id.in_(list(found)), TeamMembership.left_on.is_(None))
            .order_by(TeamMembership.user_id)
        )
        for team_id, user_id in rows:
            found[team_id].append(user_id)
    return found


def set_external_id(team: Team, external_id: str | None) -> None:
    if external_id is not None and external_id != team.external_id:
        taken = db.session.scalar(
            db.select(Team.id).where(
                Team.organisation_id == team.organisation_id, Team.external_id == external_id, Team.id != team.id
            )
        )
        if taken is not None:
            raise RuleError("externalId", _l("Another team here already has this externalId."), 409)
    team.external_id = external_id
    db.session.flush()


def change_members(team: Team, *, add=(), remove=(), actor=None) -> None:
    """People join (`add`) or leave (`remove`) the team today, each in their own time zone; those
    already in (or out) are left as they are."""
    open_rows = {
        row.user_id: row
        for row in db.session.scalars(
            db.select(TeamMembership).where(TeamMembership.team_id == team.id, TeamMembership.left_on.is_(None))
        )
    }
    changed = []
    for user in add:
        if user.id not in open_rows:
            open_rows[user.id] = TeamMembership(team_id=team.id, user_id=user.id, joined_on=local_today(user.timezone))
            db.session.add(open_rows[user.id])
            changed.append(("team.member_added", user))
    for user in remove:
        row = open_rows.pop(user.id, None)
        if row is not None:
            row.left_on = local_today(user.timezone)
            changed.append(("team.member_removed", user))
    if actor is not None and changed:
        audit.record_many(
            actor,
            [
                {
                    "action": action,
                    "target_type": "person",
                    "target_id": user.id,
                    "target_name": user.name,
                    "details": {"team": team.name},
                }
                for action, user in changed
            ],
        )
    db.session.flush()


def delete_team(team: Team, *, actor=None) -> None:
    """The team goes with its memberships and managers; everyone's minutes stay theirs."""
    audit_team_change(actor, "team.deleted", team)
    db.session.delete(team)
    db.session.flush()


def audit_team_change(actor, action: str, team: Team, person=None, **details) -> None:
    """Team changes an admin or the directory makes are in the audit trail (`actor` None: set-up, seeding)."""
    if actor is not None:
        target = (
            {"target_type": "person", "target_id": person.id, "target_name": person.name}
            if person
            else {"target_type": "team", "target_id": team.id, "target_name": team.name}
        )
        audit.record(actor, action, details={"team": team.name, **details}, **target)
