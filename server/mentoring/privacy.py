"""A person's mentoring data: in their export, and what goes when they delete their account.

The export holds their offers, the requests they sent and received, their pairings with their
meetings and their own reflections (each meeting's private note is in their log entries). Deleting
the account closes their offers, takes back requests still waiting, ends their pairings and removes
what they wrote; meetings stay, because the other person's logged time is theirs.
"""

from sqlalchemy import or_, select

from ..accounts import service as accounts
from ..clock import iso, utcnow
from ..extensions import db
from .models import Meeting, Offer, Pairing, Reflection, Request
from .offers import close_offer, topics_of


def export_personal_data(user) -> dict:
    offers = list(db.session.scalars(select(Offer).where(Offer.user_id == user.id).order_by(Offer.id)))
    topics = topics_of(o.id for o in offers)
    sent = db.session.scalars(select(Request).where(Request.requester_id == user.id).order_by(Request.id))
    received = db.session.execute(
        select(Request).join(Offer, Offer.id == Request.offer_id).where(Offer.user_id == user.id).order_by(Request.id)
    ).scalars()
    pairings = list(
        db.session.scalars(
            select(Pairing).where(or_(Pairing.mentor_id == user.id, Pairing.mentee_id == user.id)).order_by(Pairing.id)
        )
    )
    received = list(received)
    names = {
        i: u.name
        for i, u in accounts.users_by_id(
            {r.requester_id for r in received} | {p.mentor_id for p in pairings} | {p.mentee_id for p in pairings}
        ).items()
    }
    return {
        "offers": [
            {
                "id": o.id,
                "kind": o.kind,
                "topics": topics[o.id],
                "note": o.note,
                "capacity": o.capacity,
                "status": o.status,
                "created_at": iso(o.created_at),
            }
            for o in offers
        ],
        "requests_sent": [_request(r) for r in sent],
        "requests_received": [_request(r) | {"from": names.get(r.requester_id)} for r in received],
        "pairings": [_pairing(user, p, names) for p in pairings],
    }


def _request(request: Request) -> dict:
    return {
        "id": request.id,
        "offer_id": request.offer_id,
        "status": request.status,
        "message": request.message,
        "created_at": iso(request.created_at),
        "answered_at": iso(request.answered_at),
    }


def _pairing(user, pairing: Pairing, names: dict) -> dict:
    mentor = pairing.mentor_id == user.id
    reflection = db.session.get(Reflection, (pairing.id, user.id))
    meetings = db.session.scalars(select(Meeting).where(Meeting.pairing_id == pairing.id).order_by(Meeting.date))
    return {
        "id": pairing.id,
        "activity": pairing.activity,
        "role": "mentor" if mentor else "mentee",
        "with": names.get(pairing.mentee_id if mentor else pairing.mentor_id),
        "started_at": iso(pairing.started_at),
        "ended_at": iso(pairing.ended_at),
        "reflection": reflection.text if reflection else None,
        "lesson_id": reflection.lesson_id if reflection else None,
        "meetings": [{"id": m.id, "date": m.date.isoformat(), "minutes": m.minutes} for m in meetings],
    }


def erase_personal_data(user) -> None:
    for offer in db.session.scalars(select(Offer).where(Offer.user_id == user.id, Offer.status != "closed")):
        close_offer(offer)
    db.session.execute(db.update(Offer).where(Offer.user_id == user.id).values(note=None))
    db.session.execute(db.delete(Request).where(Request.requester_id == user.id, Request.status == "pending"))
    db.session.execute(db.update(Request).where(Request.requester_id == user.id).values(message=None))
    mine = or_(Pairing.mentor_id == user.id, Pairing.mentee_id == user.id)
    ongoing = list(db.session.scalars(select(Pairing).where(mine, Pairing.ended_at.is_(None))))
    for pairing in ongoing:
        pairing.ended_at, pairing.ended_by_id = utcnow(), user.id
        db.session.execute(db.update(Request).where(Request.id == pairing.request_id).values(status="ended"))
    db.session.execute(db.delete(Reflection).where(Reflection.user_id == user.id))
    db.session.flush()
