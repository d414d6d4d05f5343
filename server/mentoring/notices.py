"""Nudges, as this feature sees them: which notices are due, and what each says in the person's
language. The reminders feature delivers them (claimed once across workers, by the person's own
channel); this module sends nothing.

Due are: a request, to the person asked, while it waits (its first week); the answer, to the asker,
in the week after it came; and one gentle reminder to both of an idle pairing (no meeting for four
weeks), once per idle stretch. A decline says only that it is not possible this time, never who
declined or why, and nobody else hears of it.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select

from ..accounts import service as accounts
from ..extensions import db
from .models import Meeting, Offer, Pairing, Request
from .offers import topics_of

FRESH = timedelta(days=7)  # a request or an answer older than this is no longer news
IDLE = timedelta(weeks=4)
LOCALES = ("sv", "nb", "en")
MESSAGE_MAX = 120


@dataclass(frozen=True)
class Notice:
    user_id: int  # who is told
    kind: str  # request | accepted | declined | idle
    subject: str  # what it is about; with user_id and kind, the key that sends it once
    other_name: str
    topics: tuple[str, ...]
    offer_kind: str  # mentor | shadow | ask
    message: str | None = None

    @property
    def key(self) -> tuple[int, str, str]:
        return (self.user_id, self.kind, self.subject)

    def text(self, locale: str) -> dict:
        """`{title, body, url, tag, kind}` in `locale`: what a push shows (an e-mail can say the same)."""
        topics = ", ".join(self.topics)
        with force_locale(locale if locale in LOCALES else "en"):
            if self.kind == "request":
                title = {
                    "mentor": _("%(name)s would like you as a mentor", name=self.other_name),
                    "shadow": _("%(name)s would like to spend a day with you", name=self.other_name),
                    "ask": _("%(name)s offers to help with what you asked for", name=self.other_name),
                }[self.offer_kind]
                body = topics + (f" · “{_short(self.message)}”" if self.message else "")
            elif self.kind == "accepted":
                title = _("%(name)s said yes", name=self.other_name)
                body = _("You are paired: %(topics)s. Plan your first meeting.", topics=topics)
            elif self.kind == "declined":
                title = _("About your request: %(topics)s", topics=topics)
                body = _("It is not possible this time. Others may offer the same: have a look.")
            else:
                title = _("Time for a catch-up?")
                body = _(
                    "It is four weeks since you and %(name)s last met. A short meeting counts too.",
                    name=self.other_name,
                )
        return {
            "title": title,
            "body": body,
            "url": "/mentoring",
            "tag": f"mentoring-{self.subject}",
            "kind": self.kind,
        }


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MESSAGE_MAX else text[: MESSAGE_MAX - 1] + "…"


def due_notices(now: datetime) -> list[Notice]:
    """Every notice due at `now`, claimed or not (the deliverer keeps the claims)."""
    since = now - FRESH
    asked = db.session.execute(
        select(Request, Offer)
        .join(Offer, Offer.id == Request.offer_id)
        .where(Request.status == "pending", Request.created_at >= since)
    ).all()
    answered = db.session.execute(
        select(Request, Offer)
        .join(Offer, Offer.id == Request.offer_id)
        .where(Request.status.in_(("accepted", "declined")), Request.answered_at >= since)
    ).all()
    last_met = select(Meeting.pairing_id, func.max(Meeting.date).label("last")).group_by(Meeting.pairing_id).subquery()
    active = db.session.execute(
        select(Pairing, last_met.c.last)
        .outerjoin(last_met, last_met.c.pairing_id == Pairing.id)
        .where(Pairing.ended_at.is_(None))
    ).all()
    idle = []
    for pairing, last in active:
        last = last or pairing.started_at.date()
        if last <= (now - IDLE).date():
            idle.append((pairing, last))
    offer_ids = {o.id for _request, o in asked + answered} | {p.offer_id for p, _last in idle}
    topics = topics_of(offer_ids)
    people = set()
    for request, offer in asked + answered:
        people |= {request.requester_id, offer.user_id}
    for pairing, _last in idle:
        people |= {pairing.mentor_id, pairing.mentee_id}
    names = {i: u.name for i, u in accounts.users_by_id(people).items()}
    found = []
    for request, offer in asked:
        about = tuple(topics[offer.id])
        subject = f"request:{request.id}"
        found.append(
            Notice(offer.user_id, "request", subject, names[request.requester_id], about, offer.kind, request.message)
        )
    for request, offer in answered:
        about = tuple(topics[offer.id])
        found.append(
            Notice(
                request.requester_id, request.status, f"request:{request.id}", names[offer.user_id], about, offer.kind
            )
        )
    for pairing, last in idle:
        about = tuple(topics[pairing.offer_id])
        subject = f"idle:{pairing.id}:{last.isoformat()}"
        for one, other in ((pairing.mentor_id, pairing.mentee_id), (pairing.mentee_id, pairing.mentor_id)):
            found.append(Notice(one, "idle", subject, names[other], about, "mentor"))
    return found
