"""Which way a notice reaches a person: by push, by e-mail, or both, as they chose.

`auto` (the default) pushes where the person has a device and mails them otherwise; `push`, `email`
and `both` say it plainly. E-mail needs the server's e-mail set up, and stops for a kind (reminders,
the digest) that the person unsubscribed from in an e-mail.
"""

from dataclasses import dataclass, field

from sqlalchemy import and_, or_, select

from .. import mail
from .models import PushSubscription, ReminderPreference

CHANNELS = ("auto", "push", "email", "both")
REMINDER, DIGEST = "reminder", "digest"  # the kinds of e-mail one unsubscribes from


@dataclass
class Route:
    devices: list = field(default_factory=list)  # push to these
    mail: bool = False  # and/or send an e-mail
    waiting: bool = False  # the push is wanted, but every device's push service is paused


def mail_stopped(preference: ReminderPreference | None, kind: str) -> bool:
    if preference is None:
        return False
    return (preference.digest_mail_stopped_at if kind == DIGEST else preference.reminder_mail_stopped_at) is not None


def reachable_filter(kind: str):
    """SQL: the preferences of people some notice of `kind` can reach (a device, or e-mail)."""
    has_device = ReminderPreference.user_id.in_(select(PushSubscription.user_id))
    if not mail.enabled():
        return has_device
    stopped = (
        ReminderPreference.digest_mail_stopped_at if kind == DIGEST else ReminderPreference.reminder_mail_stopped_at
    )
    return or_(has_device, and_(ReminderPreference.channel != "push", stopped.is_(None)))


def route(preference: ReminderPreference | None, devices: list, paused: set[str], kind: str) -> Route | None:
    """How this notice goes to this person now; None when it cannot reach them at all."""
    channel = preference.channel if preference is not None and preference.channel in CHANNELS else "auto"
    wants_push = channel in ("push", "both") or (channel == "auto" and bool(devices))
    wants_mail = (
        (channel in ("email", "both") or (channel == "auto" and not devices))
        and mail.enabled()
        and not mail_stopped(preference, kind)
    )
    reachable = [d for d in devices if d.origin not in paused] if wants_push else []
    if wants_push and devices and not reachable:
        return Route(waiting=True)  # all of it together once the push service takes messages again
    if not reachable and not wants_mail:
        return None
    return Route(devices=reachable, mail=wants_mail)
