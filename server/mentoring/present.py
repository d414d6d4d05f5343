"""Offers, requests, pairings and meetings as a given person sees them, gathered for a whole list in
a handful of queries. The schemas name every field.

Offers show who posted them (that is how a colleague finds a mentor); requests and pairings are
only ever described to one of their two people, and a meeting's note is always the viewer's own.
"""

from sqlalchemy import select

from ..accounts import service as accounts
from ..extensions import db
from ..fields import View
from ..teams import service as teams
from . import meetings as meeting_rules
from .asking import pairing_ids_of
from .models import Offer, Pairing, Request
from .offers import places_taken, topics_of
from .pairings import meeting_totals, partner_id, reflections_of

ROLES = {"mentoring": ("mentor", "mentee"), "shadowing": ("host", "guest")}


def _present(user):
    """A person others may see, or None once their account is deleted."""
    return None if user is None or user.deleted_at is not None else user


def describe_offers(offers: list[Offer], viewer, matched: dict | None = None) -> list[View]:
    """Offers with their topics, person, teams and free places, and the viewer's own request to each.
    Offers of people no longer active are left out (except the viewer's own)."""
    people = accounts.users_by_id(o.user_id for o in offers)
    offers = [o for o in offers if o.user_id == viewer.id or (people.get(o.user_id) and people[o.user_id].is_active)]
    ids = [o.id for o in offers]
    topics, taken = topics_of(ids), places_taken(ids)
    their_teams = teams.teams_of_many([people[o.user_id] for o in offers])
    mine = {}
    if ids:
        for offer_id, request_id, status in db.session.execute(
            select(Request.offer_id, Request.id, Request.status).where(
                Request.requester_id == viewer.id, Request.offer_id.in_(ids)
            )
        ):
            mine[offer_id] = {"id": request_id, "status": status}
    return [
        View(
            offer,
            topics=topics[offer.id],
            person=_present(people[offer.user_id]),
            teams=their_teams[offer.user_id],
            places_left=max(offer.capacity - taken.get(offer.id, 0), 0),
            mine=offer.user_id == viewer.id,
            my_request=mine.get(offer.id),
            matched_topics=(matched or {}).get(offer.id, []),
        )
        for offer in offers
    ]


def describe_requests(rows: list[tuple[Request, Offer]], viewer) -> list[View]:
    people = accounts.users_by_id({r.requester_id for r, _ in rows} | {o.user_id for _, o in rows})
    topics = topics_of(o.id for _, o in rows)
    pairings = pairing_ids_of(r.id for r, _ in rows)
    views = []
    for request, offer in rows:
        sent = request.requester_id == viewer.id
        views.append(
            View(
                request,
                direction="sent" if sent else "received",
                person=_present(people.get(offer.user_id if sent else request.requester_id)),
                offer={"id": offer.id, "kind": offer.kind, "topics": topics[offer.id]},
                pairing_id=pairings.get(request.id),
            )
        )
    return views


def describe_request(request: Request, offer: Offer, viewer) -> View:
    return describe_requests([(request, offer)], viewer)[0]


def describe_pairings(pairings: list[Pairing], viewer) -> list[View]:
    ids = [p.id for p in pairings]
    people = accounts.users_by_id(partner_id(viewer, p) for p in pairings)
    topics = topics_of(p.offer_id for p in pairings)
    offer_ids = sorted({p.offer_id for p in pairings})
    kinds = dict(db.session.execute(select(Offer.id, Offer.kind).where(Offer.id.in_(offer_ids))).all()) if ids else {}
    totals = meeting_totals(ids)
    reflections = reflections_of(viewer, ids)
    views = []
    for pairing in pairings:
        count, minutes, last = totals.get(pairing.id, (0, 0, None))
        reflection = reflections.get(pairing.id)
        mentor_role, mentee_role = ROLES[pairing.activity]
        views.append(
            View(
                pairing,
                kind=kinds.get(pairing.offer_id),
                role=mentor_role if pairing.mentor_id == viewer.id else mentee_role,
                partner=_present(people.get(partner_id(viewer, pairing))),
                topics=topics[pairing.offer_id],
                active=pairing.ended_at is None,
                meeting_count=count,
                minutes_total=minutes,
                last_met_on=last,
                reflection=reflection.text if reflection else None,
                lesson_id=reflection.lesson_id if reflection else None,
            )
        )
    return views


def describe_pairing(pairing: Pairing, viewer) -> View:
    """One pairing with its meetings (each with the viewer's own note)."""
    listed = meeting_rules.meetings_of(pairing)
    return View(describe_pairings([pairing], viewer)[0], meetings=describe_meetings(listed, pairing, viewer))


def describe_meetings(listed, pairing: Pairing, viewer) -> list[View]:
    notes = meeting_rules.own_notes(viewer, listed)
    return [
        View(m, activity=pairing.activity, note=notes.get(m.id), logged_by_me=m.logged_by_id == viewer.id)
        for m in listed
    ]
