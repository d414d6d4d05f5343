"""Invitations by e-mail: the link mailed to the invited address in the organisation's language, and
what became of that mail (queued, sent, failed) on the pending list."""

from .. import mail, outbox
from ..accounts import service as accounts
from . import service
from .models import Invite

# The outbox's states as the pending list shows them: a message being handed over is still queued.
SHOWN = {"queued": "queued", "sending": "queued", "sent": "sent", "failed": "failed"}


def ref(invite: Invite) -> str:
    return f"invite:{invite.id}"


def mail_invite(invite: Invite, plain: str, inviter=None) -> bool:
    """Mail the link to the invitation's address (once per link); False when there is no address or
    no e-mail on this server."""
    if not invite.email or not mail.enabled():
        return False
    organisation = accounts.get_organisation(invite.organisation_id)
    team = service.get_team(invite.organisation_id, invite.team_id) if invite.team_id else None
    mail.send(
        "invite",
        invite.email,
        locale=organisation.default_locale,
        context={
            "organisation": organisation.name,
            "team": team.name if team else None,
            "inviter": inviter.name if inviter else None,
            "path": f"/invite/{plain}",
            "expires_at": invite.expires_at.isoformat(),
            "timezone": organisation.timezone,
        },
        key=f"invite:{invite.id}:{invite.token_hash[:16]}",
        ref=ref(invite),
        organisation_id=invite.organisation_id,
    )
    return True


def mail_states(invites: list[Invite]) -> dict[int, tuple[str | None, str | None]]:
    """Each invitation's last mail: (queued | sent | failed | None, the reason when it failed)."""
    latest = outbox.latest_by_ref(ref(i) for i in invites)
    states = {}
    for invite in invites:
        message = latest.get(ref(invite))
        state = SHOWN.get(message.state) if message else None
        states[invite.id] = (state, message.last_error if state == "failed" else None)
    return states


def cancel(invite: Invite) -> None:
    outbox.cancel(ref(invite))
