"""Personal data across features: each feature registers how to export and erase a user's data.

Accounts owns `GET /me/export` and account deletion; the features own their tables, so they hand in
two plain functions at start-up instead of accounts reaching into them.
"""
from collections.abc import Callable, Iterable

from flask import Flask

from ..extensions import db
from ..teams import service as teams
from .models import ApiToken, User, as_utc, utcnow
from .security import check_password
from .service import AccountError

Exporter = Callable[[object], object]   # (user) -> JSON-able data of that feature
Eraser = Callable[[object], None]       # (user) -> removes personal data, keeps anonymous totals

# Sections the export itself fills in; features register under other names.
OWN_SECTIONS = frozenset({"exported_at", "profile", "organisation", "teams", "api_tokens"})


def register_personal_data(app: Flask, section: str, export: Exporter, erase: Eraser) -> None:
    if section in OWN_SECTIONS:
        raise ValueError(f"'{section}' is a section of the accounts export itself")
    app.extensions.setdefault("personal_data", {})[section] = (export, erase)


def sections(app: Flask) -> dict[str, tuple[Exporter, Eraser]]:
    return app.extensions.get("personal_data", {})


def export_account(user: User, profile: dict, exporters: dict[str, Exporter]) -> dict:
    """Everything the product holds about this person, as plain JSON-able data."""
    managed = teams.managed_team_ids(user)
    tokens = db.session.scalars(db.select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id))
    data = {
        "exported_at": utcnow().isoformat(),
        "profile": profile | {"created_at": _iso(user.created_at)},
        "organisation": profile["organisation"],
        "teams": [{"id": t.id, "name": t.name, "manager": t.id in managed} for t in teams.teams_of(user)],
        "api_tokens": [{"id": t.id, "name": t.name, "prefix": t.prefix,
                        "created_at": _iso(t.created_at), "last_used_at": _iso(t.last_used_at),
                        "revoked_at": _iso(t.revoked_at)} for t in tokens],
    }
    for section, export in exporters.items():
        data[section] = export(user)
    return data


def delete_account(user: User, password: str, erasers: Iterable[Eraser]) -> None:
    """Erase the person: every feature removes their personal content (their minutes stay,
    anonymous, so team totals do not change), then the account itself is anonymised."""
    if not check_password(user.password_hash, password):
        raise AccountError("password", "The password is wrong.")
    if user.is_admin and _other_active_admins(user) == 0:
        raise AccountError("password", "You are the last admin; make someone else admin first.", 409)
    for erase in erasers:
        erase(user)
    # Memberships stay: team totals count a deleted person's past weeks up to `deleted_at`.
    for team_id in teams.managed_team_ids(user):
        teams.set_manager(teams.get_team(user.organisation_id, team_id), user, False)
    now = utcnow()
    db.session.execute(db.update(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
                       .values(revoked_at=now))
    user.name = "Deleted user"
    user.email = f"deleted-{user.id}@invalid"
    user.password_hash = None
    user.weekly_goal_minutes = None
    user.active = False
    user.deactivated_at = user.deactivated_at or now
    user.deleted_at = now
    user.session_version += 1
    db.session.commit()


def _other_active_admins(user: User) -> int:
    return db.session.scalar(db.select(db.func.count(User.id)).where(
        User.organisation_id == user.organisation_id, User.id != user.id, User.role == "admin",
        User.active.is_(True), User.deleted_at.is_(None)))


def _iso(moment) -> str | None:
    return as_utc(moment).isoformat() if moment else None
