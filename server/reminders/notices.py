"""One notice, two deliveries: the claim → send → settle loop of the weekly reminder, the Monday
digest and session notices, written once.

A notice is claimed (once across every worker, `claims.Book`); its e-mail, if it has one, is written
to the outbox in the claim's own transaction, so that it exists exactly when the claim does and goes
out after the commit; its push messages go to the person's devices now. Then it is settled: sent
when a device took it or an e-mail is on its way, given back (released) when nothing could reach
anyone and every push may simply be tried again, kept otherwise.
"""

from dataclasses import dataclass, field

from .. import mail
from . import delivery
from .claims import Book


@dataclass
class Mail:
    template: str
    context: dict
    unsubscribe: str | None = None  # the path of its one-click unsubscribe page


@dataclass
class Notice:
    key: tuple
    user: object
    devices: list = field(default_factory=list)  # push to these …
    push: bytes | None = None
    topic: str = "reminder"
    mail: Mail | None = None  # … and/or mail this

    @property
    def mail_key(self) -> str:
        return ":".join(str(part) for part in self.key)


def _mail(notices: list[Notice], name: str) -> None:
    for notice in notices:
        if notice.mail is not None:
            user = notice.user
            mail.send(
                notice.mail.template,
                user.email,
                locale=user.locale,
                context=notice.mail.context,
                key=f"{name}:{notice.mail_key}",
                name=user.name,
                organisation_id=user.organisation_id,
                unsubscribe=notice.mail.unsubscribe,
            )


def deliver(notices: list[Notice], book: Book, name: str, paused: set[str], counts: dict, prefix: str = "") -> None:
    """Claim, send and settle `notices` (`name` tells their e-mails apart from other kinds'); counts
    go into `counts` under `prefix`. The caller commits the settling."""
    by_key = {n.key: n for n in notices}
    won = book.claim(by_key, on_won=lambda keys: _mail([by_key[k] for k in sorted(keys)], name))
    mine = [by_key[key] for key in sorted(won)]

    def add(result: str, number: int = 1) -> None:
        counts[prefix + result] = counts.get(prefix + result, 0) + number

    add("claimed", len(mine))
    add("mailed", sum(n.mail is not None for n in mine))
    results, settled = delivery.send_claimed(
        [(n, delivery.messages_for(n.devices, n.push, topic=n.topic)) for n in mine if n.devices and n.push], paused
    )
    for result, number in results.items():
        add(result, number)
    pushed = {id(notice): (delivered, retryable) for notice, delivered, retryable in settled}
    for notice in mine:
        delivered, retryable = pushed.get(id(notice), (0, False))
        if delivered or notice.mail is not None:
            add("sent")
            book.record_delivered(notice.key, delivered)
        elif retryable:
            book.release(notice.key)
            add("released")
