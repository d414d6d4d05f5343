"""What an admin does: look after the organisation's people and the organisation's settings."""
from ..extensions import db
from ..teams import service as teams
from .models import Organisation, User, utcnow
from .service import AccountError, valid_timezone


def people(organisation_id: int) -> list[User]:
    """Everyone in the organisation, deactivated people included, deleted accounts left out."""
    return list(db.session.scalars(
        db.select(User).where(User.organisation_id == organisation_id, User.deleted_at.is_(None))
        .order_by(User.name, User.id)))


def person(organisation_id: int, user_id: int) -> User | None:
    """One person of this organisation; other organisations' people do not exist here."""
    user = db.session.get(User, user_id)
    if user is None or user.organisation_id != organisation_id or user.deleted_at is not None:
        return None
    return user


def change_person(admin: User, user: User, changes: dict) -> User:
    """Role, name and active flag. Deactivation keeps the data and ends every session and token."""
    if user.id == admin.id:
        if changes.get("active") is False:
            raise AccountError("active", "You cannot deactivate yourself.", 409)
        if changes.get("role", "admin") != "admin":
            raise AccountError("role", "You cannot take away your own admin role.", 409)
    if "name" in changes:
        user.name = changes["name"].strip()
    if "role" in changes and changes["role"] != user.role:
        user.role = changes["role"]
        if user.role == "employee":
            for team_id in teams.managed_team_ids(user):
                teams.set_manager(teams.get_team(user.organisation_id, team_id), user, False)
    if "active" in changes and changes["active"] != user.active:
        user.active = changes["active"]
        user.deactivated_at = None if user.active else utcnow()
        if not user.active:
            user.session_version += 1
    db.session.commit()
    return user


def change_organisation(org: Organisation, changes: dict) -> Organisation:
    if "timezone" in changes and not valid_timezone(changes["timezone"]):
        raise AccountError("timezone", "Unknown time zone.")
    for key in ("name", "timezone", "weekly_goal_minutes", "default_locale", "show_individual_minutes"):
        if key in changes:
            setattr(org, key, changes[key].strip() if key == "name" else changes[key])
    db.session.commit()
    return org

