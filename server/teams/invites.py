"""Invitations: a link that lets one person join the organisation, and a team, until it expires.

Only a hash of the link's token is stored; the plain token exists in the answer that creates it.
A link works only while whoever made it may still make it: an admin still an active admin, a
manager still managing the team (checked whenever the link is looked at or used, so a demotion,
deactivation or a team handed over withdraws it at once, whichever way it happened). Links made on
the command line have no maker and answer to the operator.
"""

import hashlib
import secrets
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l

from .. import mail
from ..accounts import service as accounts
from ..audit import service as audit
from ..clock import as_utc, utcnow
from ..errors import RuleError
from ..extensions import db
from ..fields import View
from . import invite_mail, service
from .models import Invite
from .qr import qr_data_uri

DEFAULT_DAYS = 14
MAX_DAYS = 60


def hash_token(plain: str) -> str:
    return hashlib.sha256(plain.encode()).hexdigest()


def may_invite(user, team) -> bool:
    """Admins invite to their whole organisation; managers only to the teams they manage."""
    if user.is_admin:
        return team is None or team.organisation_id == user.organisation_id
    return team is not None and team.id in service.managed_team_ids(user)


def create_invite(
    inviter, team=None, *, email: str | None = None, role: str = "employee", expires_in_days: int = DEFAULT_DAYS
) -> tuple[Invite, str]:
    if not may_invite(inviter, team):
        raise RuleError("team_id", _l("You may not invite people to this team."), 403)
    if role != "employee" and not inviter.is_admin:
        raise RuleError("role", _l("Only an admin may invite managers and admins."), 403)
    return new_invite(
        inviter.organisation_id, team, inviter=inviter, email=email, role=role, expires_in_days=expires_in_days
    )


def new_invite(
    organisation_id: int,
    team=None,
    *,
    inviter=None,
    email: str | None = None,
    role: str = "employee",
    expires_in_days: int = DEFAULT_DAYS,
) -> tuple[Invite, str]:
    """An invitation to the organisation (and `team`), in the audit trail; who may make it is the
    caller's business (the routes check it, the command line, with no `inviter`, is trusted)."""
    if not 1 <= expires_in_days <= MAX_DAYS:
        raise RuleError("expires_in_days", _l("Between 1 and %(days)s days.", days=MAX_DAYS))
    if email:
        email = accounts.normalise_email(email)
        # Said only of this organisation's people: no answer tells that an address has an account
        # in another one (accepting then fails for the address's owner alone).
        existing = accounts.find_user(email)
        if existing is not None and existing.organisation_id == organisation_id:
            raise RuleError("email", _l("An account with this email already exists."), 409)
    plain = secrets.token_urlsafe(32)
    invite = Invite(
        organisation_id=organisation_id,
        team_id=team.id if team else None,
        role=role,
        email=email or None,
        token_hash=hash_token(plain),
        created_by_id=inviter.id if inviter else None,
        expires_at=utcnow() + timedelta(days=expires_in_days),
    )
    db.session.add(invite)
    db.session.flush()
    audit.record(
        inviter,
        "invite.created",
        organisation_id=organisation_id,
        target_type="invite",
        target_id=invite.id,
        target_name=invite.email or (team.name if team else ""),
        details={"role": role},
    )
    invite_mail.mail_invite(invite, plain, inviter)
    return invite, plain


def new_invite_view(invite: Invite, plain: str, base_url: str) -> View:
    team = service.get_team(invite.organisation_id, invite.team_id) if invite.team_id else None
    url = f"{base_url.rstrip('/')}/invite/{plain}"
    state, error = invite_mail.mail_states([invite])[invite.id]
    return View(invite, token=plain, url=url, team=team, qr_svg=qr_data_uri(url), mail=state, mail_error=error)


def find_invite(plain: str) -> Invite | None:
    return db.session.scalar(db.select(Invite).where(Invite.token_hash == hash_token(plain)))


def is_expired(invite: Invite, now: datetime | None = None) -> bool:
    return as_utc(invite.expires_at) <= (now or utcnow())


def usable_invite(plain: str) -> Invite:
    """The invite behind a link that has not been used; 404 (unknown) or 410 (spent)."""
    invite = find_invite(plain)
    if invite is None:
        raise RuleError("token", _l("No such invitation."), 404)
    if invite.accepted_at is not None:
        raise RuleError("token", _l("This invitation has already been used."), 410)
    if invite.revoked_at is not None or not maker_still_may(invite):
        raise RuleError("token", _l("This invitation has been withdrawn."), 410)
    return invite


def maker_still_may(invite: Invite) -> bool:
    """Whether whoever made the invitation could make it now (see the module's docstring)."""
    if invite.created_by_id is None:
        return True
    maker = accounts.person(invite.organisation_id, invite.created_by_id)
    if maker is None or not maker.is_active:
        return False
    team = service.get_team(invite.organisation_id, invite.team_id) if invite.team_id else None
    return may_invite(maker, team) and (invite.role == "employee" or maker.is_admin)


def describe(plain: str) -> View:
    """What anyone holding the link may know before accepting it."""
    invite = usable_invite(plain)
    organisation = accounts.get_organisation(invite.organisation_id)
    team = service.get_team(invite.organisation_id, invite.team_id) if invite.team_id else None
    return View(invite, organisation=organisation, team=team, expired=is_expired(invite))


def open_invite(plain: str) -> Invite:
    invite = usable_invite(plain)
    if is_expired(invite):
        raise RuleError("token", _l("This invitation has expired."), 410)
    return invite


def accept_invite(plain: str, *, name: str, email: str, password: str | None):
    """Create the account in the invite's organisation (and team); each invite works once."""
    invite = open_invite(plain)
    email = accounts.normalise_email(email)
    if invite.email and invite.email != email:
        raise RuleError("email", _l("This invitation is for another email address."))
    org = accounts.get_organisation(invite.organisation_id)
    if password is not None and not accounts.password_sign_in_allowed(org, invite.role):
        raise RuleError("password", _l("Join with your company account: password sign-in is for admins only."), 403)
    # Claim the invite atomically, so two people racing for one link cannot both get in.
    claimed = db.session.execute(
        db.update(Invite)
        .where(Invite.id == invite.id, Invite.accepted_at.is_(None), Invite.revoked_at.is_(None))
        .values(accepted_at=utcnow())
    ).rowcount
    if claimed != 1:
        raise RuleError("token", _l("This invitation has already been used."), 410)
    user = accounts.create_user(org, email=email, name=name, password=password, role=invite.role)
    team = service.get_team(org.id, invite.team_id) if invite.team_id else None
    if team is not None:
        service.add_member(team, user)
        if invite.role == "manager":
            service.set_manager(team, user)
    db.session.execute(db.update(Invite).where(Invite.id == invite.id).values(accepted_user_id=user.id))
    audit.record(
        user,
        "invite.accepted",
        target_type="invite",
        target_id=invite.id,
        target_name=team.name if team else "",
        details={"role": invite.role, "with_password": password is not None},
    )
    return user


# -- pending invitations ----------------------------------------------------------------------------
def pending_invites(user) -> list[View]:
    """Invitations nobody has used, withdrawn or let expire: all of the organisation's for admins,
    those to the teams they manage for managers."""
    managed = set() if user.is_admin else service.managed_team_ids(user)
    if not user.is_admin and not managed:
        raise RuleError("user", _l("Only admins and managers see invitations."), 403)
    query = db.select(Invite).where(
        Invite.organisation_id == user.organisation_id,
        Invite.accepted_at.is_(None),
        Invite.revoked_at.is_(None),
        Invite.expires_at > utcnow(),
    )
    if not user.is_admin:
        query = query.where(Invite.team_id.in_(managed))
    # Those whose maker may no longer make them are withdrawn (maker_still_may): not pending.
    found = [
        invite
        for invite in db.session.scalars(query.order_by(Invite.created_at.desc(), Invite.id.desc()))
        if maker_still_may(invite)
    ]
    teams = service.teams_by_id(user.organisation_id, (i.team_id for i in found))
    inviters = accounts.users_by_id(i.created_by_id for i in found)
    mailed = invite_mail.mail_states(found)
    return [
        View(
            i,
            team=teams.get(i.team_id),
            created_by=inviters.get(i.created_by_id),
            mail=mailed[i.id][0],
            mail_error=mailed[i.id][1],
        )
        for i in found
    ]


def editable_invite(user, invite_id: int, refusal) -> tuple[Invite, object]:
    """An unused invitation `user` may withdraw or send again, and its team: 404, 403 (`refusal`), 409."""
    invite = db.session.get(Invite, invite_id)
    if invite is None or invite.organisation_id != user.organisation_id:
        raise RuleError("invite_id", _l("No such invitation."), 404)
    team = service.get_team(invite.organisation_id, invite.team_id) if invite.team_id else None
    if not may_invite(user, team):
        raise RuleError("invite_id", refusal, 403)
    if invite.accepted_at is not None:
        raise RuleError("invite_id", _l("This invitation has already been used."), 409)
    return invite, team


def revoke_invite(user, invite_id: int) -> None:
    """Withdraw an unused invitation: its link stops working at once, and a mail not yet sent stays."""
    invite, team = editable_invite(user, invite_id, _l("You may not withdraw this invitation."))
    invite_mail.cancel(invite)
    invite.revoked_at = invite.revoked_at or utcnow()
    audit.record(
        user,
        "invite.revoked",
        target_type="invite",
        target_id=invite.id,
        target_name=invite.email or (team.name if team else ""),
    )
    db.session.flush()


def resend_invite(user, invite_id: int) -> View:
    """Mail the invitation again with a new link (only a hash of the old one is kept, so the old link
    stops working); the pending invitation as the list shows it."""
    invite, team = editable_invite(user, invite_id, _l("You may not send this invitation."))
    if invite.revoked_at is not None or is_expired(invite):
        raise RuleError("invite_id", _l("This invitation is no longer valid; make a new one."), 409)
    if not invite.email:
        raise RuleError("email", _l("This invitation has no address to send it to."))
    if not mail.enabled():
        raise RuleError("email", _l("E-mail is not set up on this server."), 409)
    plain = secrets.token_urlsafe(32)
    invite.token_hash = hash_token(plain)
    db.session.flush()
    invite_mail.mail_invite(invite, plain, user)
    audit.record(user, "invite.resent", target_type="invite", target_id=invite.id, target_name=invite.email)
    state, error = invite_mail.mail_states([invite])[invite.id]
    return View(
        invite,
        team=team,
        created_by=accounts.users_by_id([invite.created_by_id]).get(invite.created_by_id),
        mail=state,
        mail_error=error,
    )
