"""Mentoring for the demo organisation: Maja mentors in leadership (and mentors Erik, with a meeting
last week), Nora hosts job shadowing days in Support (Sara has asked for one), Lars looks for a
mentor in SQL. Safe to run again."""

import uuid
from datetime import date, timedelta

from sqlalchemy import select

from ..extensions import db
from . import service
from .models import Offer, Request

OFFERS = [
    ("maja@demo.example", "mentor", ["ledarskap", "feedback"], "Lunch varannan torsdag.", 2),
    ("nora@demo.example", "shadow", ["kundsupport", "zendesk"], "Sitt med oss en tisdag och ta några ärenden.", 2),
    ("lars@demo.example", "ask", ["sql"], "Jag vill förstå våra rapporter bättre.", 1),
]
NAMESPACE = uuid.UUID("5f1c2e0a-3b7d-5c8e-9a41-2d6b8f0e7c13")


def _offer(user, kind: str, topics: list[str], note: str, capacity: int) -> Offer:
    found = db.session.scalar(select(Offer).where(Offer.user_id == user.id, Offer.kind == kind))
    return found or service.post_offer(user, {"kind": kind, "topics": topics, "note": note, "capacity": capacity})


def _asked(user, offer: Offer) -> Request:
    found = db.session.scalar(select(Request).where(Request.offer_id == offer.id, Request.requester_id == user.id))
    return found or service.ask(user, offer.id, "Hej! Skulle det passa?")


def seed_demo_mentoring(people: dict, today: date) -> int:
    """Returns how many offers and asks are open in the organisation afterwards."""
    if not all(email in people for email, *_ in OFFERS) or "erik@demo.example" not in people:
        return 0
    offers = {email: _offer(people[email], kind, topics, note, n) for email, kind, topics, note, n in OFFERS}
    erik, maja = people["erik@demo.example"], people["maja@demo.example"]
    request = _asked(erik, offers["maja@demo.example"])
    pairing = service.accept(maja, request, offers["maja@demo.example"])
    meeting = {"id": str(uuid.uuid5(NAMESPACE, "first")), "date": today - timedelta(days=7), "minutes": 45}
    service.log_meeting(maja, pairing, meeting)
    _asked(people["sara@demo.example"], offers["nora@demo.example"])
    db.session.flush()
    stats = service.organisation_stats(maja.organisation_id)
    return stats["open_offers"] + stats["open_asks"]
