"""Invitations: a link that lets one person join the organisation, and a team, until it expires.

Only a hash of the link's token is stored; the plain token exists in the answer that creates it.
"""
import secrets
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..teams import service as teams
from .models import Invite, Organisation, User, as_utc, utcnow
from .security import hash_token
from .service import AccountError, create_user, normalise_email

DEFAULT_DAYS = 14
MAX_DAYS = 60


def may_invite(user: User, team) -> bool:
    """Admins invite to their whole organisation; managers only to the teams they manage."""
    if user.is_admin:
        return team is None or team.organisation_id == user.organisation_id
    return team is not None and team.id in teams.managed_team_ids(user)


def create_invite(inviter: User, team=None, *, email: str | None = None, role: str = "employee",
                  expires_in_days: int = DEFAULT_DAYS) -> tuple[Invite, str]:
    if not may_invite(inviter, team):
        raise AccountError("team_id", "You may not invite people to this team.", 403)
    if role != "employee" and not inviter.is_admin:
        raise AccountError("role", "Only an admin may invite managers and admins.", 403)
    if not 1 <= expires_in_days <= MAX_DAYS:
        raise AccountError("expires_in_days", f"Between 1 and {MAX_DAYS} days.")
    if email:
        email = normalise_email(email)
        if db.session.scalar(db.select(User.id).where(User.email == email)) is not None:
            raise AccountError("email", "An account with this email already exists.", 409)
    plain = secrets.token_urlsafe(32)
    invite = Invite(organisation_id=inviter.organisation_id, team_id=team.id if team else None, role=role,
                    email=email or None, token_hash=hash_token(plain), created_by_id=inviter.id,
                    expires_at=utcnow() + timedelta(days=expires_in_days))
    db.session.add(invite)
    db.session.commit()
    return invite, plain


def find_invite(plain: str) -> Invite | None:
    return db.session.scalar(db.select(Invite).where(Invite.token_hash == hash_token(plain)))


def is_expired(invite: Invite, now: datetime | None = None) -> bool:
    return as_utc(invite.expires_at) <= (now or utcnow())


def describe(invite: Invite) -> dict:
    """What anyone holding the link may know before accepting it."""
    org = db.session.get(Organisation, invite.organisation_id)
    team = teams.get_team(invite.organisation_id, invite.team_id) if invite.team_id else None
    return {"organisation": {"name": org.name}, "team": {"name": team.name} if team else None,
            "email": invite.email, "role": invite.role, "expires_at": as_utc(invite.expires_at),
            "expired": is_expired(invite)}


def open_invite(plain: str) -> Invite:
    """The invite behind a link that can still be used; otherwise 404 (unknown) or 410 (spent)."""
    invite = find_invite(plain)
    if invite is None:
        raise AccountError("token", "No such invitation.", 404)
    if invite.accepted_at is not None:
        raise AccountError("token", "This invitation has already been used.", 410)
    if is_expired(invite):
        raise AccountError("token", "This invitation has expired.", 410)
    return invite


def accept_invite(plain: str, *, name: str, email: str, password: str) -> User:
    """Create the account in the invite's organisation (and team); each invite works once."""
    invite = open_invite(plain)
    email = normalise_email(email)
    if invite.email and invite.email != email:
        raise AccountError("email", "This invitation is for another email address.")
    now = utcnow()
    # Claim the invite atomically, so two people racing for one link cannot both get in.
    claimed = db.session.execute(
        db.update(Invite).where(Invite.id == invite.id, Invite.accepted_at.is_(None))
        .values(accepted_at=now)).rowcount
    if claimed != 1:
        db.session.rollback()
        raise AccountError("token", "This invitation has already been used.", 410)
    org = db.session.get(Organisation, invite.organisation_id)
    user = create_user(org, email=email, name=name, password=password, role=invite.role)
    team = teams.get_team(org.id, invite.team_id) if invite.team_id else None
    if team is not None:
        teams.add_member(team, user)
        if invite.role == "manager":
            teams.set_manager(team, user)
    db.session.execute(db.update(Invite).where(Invite.id == invite.id).values(accepted_user_id=user.id))
    try:
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
        raise AccountError("email", "An account with this email already exists.", 409) from error
    return user
