"""Slack people connected to Learning Hour accounts.

Someone who types `/learninghour` before they are connected gets a one-time link (valid for
LINK_VALID, only its hash kept). Opened in the app while signed in, it connects that Slack person to
the signed-in account: one Slack person to one account, and each account to one Slack person per
workspace. Undone in Settings; it also ends with the person's access (deactivated, deleted).
"""

import hashlib
import secrets
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from ..accounts import service as accounts
from ..clock import as_utc, iso, utcnow
from ..errors import RuleError, found
from ..extensions import db
from .models import SlackAccount, SlackLink

LINK_VALID = timedelta(minutes=30)
KEEP_USED_LINKS = timedelta(days=1)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_link(team_id: str, team_name: str, slack_user_id: str, slack_user_name: str) -> str:
    """A new one-time link token for this Slack person (older ones stay valid until they expire)."""
    now = utcnow()
    db.session.execute(delete(SlackLink).where(SlackLink.expires_at < now - KEEP_USED_LINKS))
    token = secrets.token_urlsafe(32)
    db.session.add(
        SlackLink(
            token_hash=_hash(token),
            team_id=team_id[:32],
            team_name=team_name[:100],
            slack_user_id=slack_user_id[:32],
            slack_user_name=slack_user_name[:100],
            created_at=now,
            expires_at=now + LINK_VALID,
        )
    )
    db.session.flush()
    return token


def open_link(token: str) -> SlackLink:
    """The link behind a token: 404 when there is none, 410 when it was used or has expired."""
    link = db.session.get(SlackLink, _hash(token)) if 0 < len(token) <= 100 else None
    found(link, "token", _l("This link does not exist. Type /learninghour in Slack for a new one."))
    if link.used_at is not None or as_utc(link.expires_at) <= utcnow():
        raise RuleError(
            "token", _l("This link was used or has expired. Type /learninghour in Slack for a new one."), 410
        )
    return link


def connect(user, token: str) -> tuple[SlackAccount, bool]:
    """Connect the link's Slack person to `user`: (the connection, whether it is new)."""
    link = open_link(token)
    theirs = db.session.scalar(
        select(SlackAccount).where(
            SlackAccount.team_id == link.team_id, SlackAccount.slack_user_id == link.slack_user_id
        )
    )
    if theirs is not None and theirs.user_id != user.id:
        raise RuleError("token", _l("This Slack account is already connected to another Learning Hour account."), 409)
    if theirs is None:
        other = db.session.scalar(
            select(SlackAccount.id).where(SlackAccount.user_id == user.id, SlackAccount.team_id == link.team_id)
        )
        if other is not None:
            message = _l("You already connected another Slack account of this workspace: undo that in Settings first.")
            raise RuleError("token", message, 409)
    link.used_at = utcnow()
    if theirs is not None:
        db.session.flush()
        return theirs, False
    account = SlackAccount(
        user_id=user.id,
        team_id=link.team_id,
        team_name=link.team_name,
        slack_user_id=link.slack_user_id,
        slack_user_name=link.slack_user_name,
        connected_at=utcnow(),
    )
    try:
        with db.session.begin_nested():
            db.session.add(account)
    except IntegrityError as error:  # the same link opened twice at once
        raise RuleError("token", _l("This Slack account is already connected."), 409) from error
    return account, True


def person_for(team_id: str, slack_user_id: str):
    """The active Learning Hour person this Slack person is connected to, or None."""
    account = db.session.scalar(
        select(SlackAccount).where(SlackAccount.team_id == team_id, SlackAccount.slack_user_id == slack_user_id)
    )
    if account is None:
        return None
    user = accounts.users_by_id([account.user_id]).get(account.user_id)
    return user if user is not None and user.is_active else None


def accounts_of(user) -> list[SlackAccount]:
    return list(
        db.session.scalars(select(SlackAccount).where(SlackAccount.user_id == user.id).order_by(SlackAccount.id))
    )


def own_account(user, account_id: int) -> SlackAccount:
    """One of the person's own connections; anyone else's does not exist (404)."""
    account = db.session.get(SlackAccount, account_id)
    mine = account if account is not None and account.user_id == user.id else None
    return found(mine, "account_id", _l("No such Slack connection."))


def disconnect(account: SlackAccount) -> None:
    db.session.delete(account)
    db.session.flush()


def end_for(user) -> None:
    """The person's access ended: Slack no longer speaks for them."""
    db.session.execute(delete(SlackAccount).where(SlackAccount.user_id == user.id))


def export_personal_data(user) -> list[dict]:
    return [
        {
            "workspace": a.team_name or a.team_id,
            "slack_user": a.slack_user_name or a.slack_user_id,
            "connected_at": iso(a.connected_at),
        }
        for a in accounts_of(user)
    ]
