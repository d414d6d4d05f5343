"""What an admin does with people and with the organisation's settings."""

from flask_babel import lazy_gettext as _l

from ..audit import service as audit
from ..clock import is_zone
from ..errors import RuleError, found
from ..extensions import db
from ..public_holidays import supported_countries
from .access import set_active
from .authority import keep_an_admin
from .models import Organisation, User
from .service import person, role_changed, single_sign_on

ORGANISATION_SETTINGS = (
    "name",
    "timezone",
    "weekly_goal_minutes",
    "default_locale",
    "show_individual_minutes",
    "min_group_size",
    "password_sign_in_admins_only",
    "country",
    "holiday_goal",
)


def visible_person(viewer: User, user_id: int) -> User:
    """A person of the viewer's organisation (deactivated ones too: an admin may bring them back), or a 404."""
    return found(person(viewer.organisation_id, user_id), "user_id", _l("No such person."))


def change_person(admin: User, user: User, changes: dict) -> User:
    """Role, name and active flag. Deactivation keeps the data and ends every session, token and
    reset link; an organisation always keeps an active admin, also when two admins change each
    other at the same moment (authority.keep_an_admin)."""
    if user.id == admin.id:
        if changes.get("active") is False:
            raise RuleError("active", _l("You cannot deactivate yourself."), 409)
        if changes.get("role", "admin") != "admin":
            raise RuleError("role", _l("You cannot take away your own admin role."), 409)
    if user.is_admin and (changes.get("active") is False or changes.get("role", "admin") != "admin"):
        keep_an_admin(user, actor=admin, field="active" if changes.get("active") is False else "role")
    was = {"name": user.name, "role": user.role, "active": user.active}
    if "name" in changes:
        user.name = changes["name"].strip()
    if "role" in changes and changes["role"] != user.role:
        before, user.role = user.role, changes["role"]
        db.session.flush()
        role_changed.send(user, before=before)
    if "active" in changes:  # deactivating ends every sign-in, token, reset link and push subscription at once
        set_active(user, changes["active"])
    changed = audit.changes(was, {"name": user.name, "role": user.role, "active": user.active})
    if "name" in changed:  # the trail names the person as they are now, never as they were
        changed["name"] = True
    if changed:
        action = (
            "person.role_changed"
            if "role" in changed
            else "person.deactivated"
            if changed.get("active") == [True, False]
            else "person.reactivated"
            if "active" in changed
            else "person.renamed"
        )
        audit.record(admin, action, target_type="person", target_id=user.id, target_name=user.name, details=changed)
    db.session.flush()
    return user


def change_organisation(admin: User, org: Organisation, changes: dict) -> Organisation:
    if "timezone" in changes and not is_zone(changes["timezone"]):
        raise RuleError("timezone", _l("Unknown time zone."))
    if changes.get("country"):
        changes["country"] = changes["country"].upper()
        if changes["country"] not in supported_countries():
            raise RuleError("country", _l("No public holidays are known for this country."))
    turning_on = changes.get("password_sign_in_admins_only") and not org.password_sign_in_admins_only
    if turning_on and single_sign_on() is None:
        raise RuleError(
            "password_sign_in_admins_only",
            _l("Set up sign-in with the company account first: without it only admins could sign in."),
        )
    before = {key: getattr(org, key) for key in ORGANISATION_SETTINGS}
    for key in ORGANISATION_SETTINGS:
        if key in changes:
            setattr(org, key, changes[key].strip() if key == "name" else changes[key])
    changed = audit.changes(before, {key: getattr(org, key) for key in ORGANISATION_SETTINGS})
    if changed:
        audit.record(
            admin,
            "organisation.settings_changed",
            target_type="organisation",
            target_id=org.id,
            target_name=org.name,
            details=changed,
        )
    db.session.flush()
    return org
