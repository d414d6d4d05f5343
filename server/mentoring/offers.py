"""Offers and asks: posting them on topics (the bank's tags, spelled alike), browsing and searching by
topic, kind and team, suggestions for a person, and pausing or closing one's own.

Functions flush; the request commits.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..bank import service as bank
from ..clock import utcnow
from ..database import LARGEST_ID
from ..errors import RuleError
from ..extensions import db
from ..log import service as log
from ..teams import service as teams
from .models import HOLDING, Offer, OfferTopic, Request

MAX_TOPICS = 10
SUGGESTIONS = 10


def get_offer(organisation_id: int, offer_id: int) -> Offer | None:
    offer = db.session.get(Offer, offer_id) if 0 < offer_id <= LARGEST_ID else None
    return offer if offer is not None and offer.organisation_id == organisation_id else None


def visible_offer(viewer, offer_id: int) -> Offer:
    """An offer of the viewer's organisation (closed ones only to their owner), else 404."""
    offer = get_offer(viewer.organisation_id, offer_id)
    if offer is None or (offer.status == "closed" and offer.user_id != viewer.id):
        raise RuleError("offer", _l("No such offer."), 404)
    return offer


def editable_offer(viewer, offer_id: int) -> Offer:
    """The viewer's own offer; an admin may also close a colleague's (to moderate), not change it."""
    offer = visible_offer(viewer, offer_id)
    if offer.user_id != viewer.id:
        raise RuleError("offer", _l("Only the person who posted it may change this offer."), 403)
    return offer


def closable_offer(viewer, offer_id: int) -> Offer:
    offer = visible_offer(viewer, offer_id)
    if offer.user_id != viewer.id and not viewer.is_admin:
        raise RuleError("offer", _l("Only the person who posted it, or an admin, may close this offer."), 403)
    return offer


def _topics(raw) -> list[str]:
    names = bank.topic_names(raw)[:MAX_TOPICS]
    if not names:
        raise RuleError("topics", _l("Name at least one topic."))
    return names


def _set_topics(offer: Offer, names: list[str]) -> None:
    db.session.execute(db.delete(OfferTopic).where(OfferTopic.offer_id == offer.id))
    db.session.add_all(OfferTopic(offer_id=offer.id, name=name) for name in names)


def post_offer(user, data: dict) -> Offer:
    names = _topics(data["topics"])
    offer = Offer(
        organisation_id=user.organisation_id,
        user_id=user.id,
        kind=data["kind"],
        note=data.get("note") or None,
        capacity=data.get("capacity") or 1,
        status="open",
    )
    db.session.add(offer)
    db.session.flush()
    _set_topics(offer, names)
    db.session.flush()
    return offer


def update_offer(offer: Offer, changes: dict) -> Offer:
    if changes.get("status") == "closed":
        return close_offer(offer)
    if offer.status == "closed":
        raise RuleError("status", _l("This offer is closed; post a new one instead."), 409)
    if "capacity" in changes:
        held = places_taken([offer.id]).get(offer.id, 0)
        if changes["capacity"] < held:
            raise RuleError("capacity", _l("%(num)s people already have or have asked for a place.", num=held))
        offer.capacity = changes["capacity"]
    if "topics" in changes:
        _set_topics(offer, _topics(changes["topics"]))
    if "note" in changes:
        offer.note = changes["note"] or None
    if "status" in changes:
        offer.status = changes["status"]
    db.session.flush()
    return offer


def close_offer(offer: Offer) -> Offer:
    """Closed for good: it leaves every list but its owner's. Requests still waiting are declined
    (the asker hears "not this time", nothing more); pairings already made go on."""
    offer.status = "closed"
    db.session.execute(
        db.update(Request)
        .where(Request.offer_id == offer.id, Request.status == "pending")
        .values(status="declined", answered_at=utcnow())
    )
    db.session.flush()
    return offer


def topics_of(offer_ids) -> dict[int, list[str]]:
    ids = sorted(set(offer_ids))
    found: dict[int, list[str]] = {i: [] for i in ids}
    if ids:
        rows = db.session.execute(
            select(OfferTopic.offer_id, OfferTopic.name).where(OfferTopic.offer_id.in_(ids)).order_by(OfferTopic.name)
        )
        for offer_id, name in rows:
            found[offer_id].append(name)
    return found


def places_taken(offer_ids) -> dict[int, int]:
    """Places held per offer: requests waiting for an answer and pairings that go on."""
    ids = sorted(set(offer_ids))
    if not ids:
        return {}
    rows = db.session.execute(
        select(Request.offer_id, func.count())
        .where(Request.offer_id.in_(ids), Request.status.in_(HOLDING))
        .group_by(Request.offer_id)
    )
    return {offer_id: int(count) for offer_id, count in rows}


def browse(
    viewer,
    *,
    topic: str | None = None,
    kind: str | None = None,
    team: int | None = None,
    mine: bool = False,
    limit: int = 50,
) -> list[Offer]:
    """Open offers of the viewer's organisation, newest first; `topic` matches topics that start with
    it (any case, "#" and spaces forgiven); `mine`: the viewer's own, paused and closed ones too."""
    query = select(Offer).where(Offer.organisation_id == viewer.organisation_id)
    if mine:
        query = query.where(Offer.user_id == viewer.id)
    else:
        query = query.where(Offer.status == "open")
    if kind:
        query = query.where(Offer.kind == kind)
    if topic is not None:
        wanted = bank.topic_names([topic])
        if not wanted:
            raise RuleError("topic", _l("Name a topic."), location="query")
        query = query.where(
            Offer.id.in_(select(OfferTopic.offer_id).where(OfferTopic.name.startswith(wanted[0], autoescape=True)))
        )
    if team is not None:
        if teams.get_team(viewer.organisation_id, team) is None:
            raise RuleError("team", _l("No such team in your organisation."), location="query")
        query = query.where(Offer.user_id.in_(teams.member_ids(team) or [-1]))
    return list(db.session.scalars(query.order_by(Offer.id.desc()).limit(limit)))


def suggestions(viewer, limit: int = SUGGESTIONS) -> list[tuple[Offer, list[str]]]:
    """Offers to mentor or host on topics the viewer saved, logged or asks about, with the topics that
    matched: people in other teams first (that is where new ways of working are), then the closest
    match, then the newest. Full offers, and those the viewer already asked, are left out."""
    interests = bank.interest_tags(viewer, log.logged_resource_ids(viewer))
    own_asks = select(Offer.id).where(Offer.user_id == viewer.id, Offer.kind == "ask", Offer.status == "open")
    for name in db.session.scalars(select(OfferTopic.name).where(OfferTopic.offer_id.in_(own_asks))):
        interests[name] = interests.get(name, 0) + 5  # what they asked for outweighs what they read
    if not interests:
        return []
    asked = select(Request.offer_id).where(Request.requester_id == viewer.id)
    matching = select(OfferTopic.offer_id).where(OfferTopic.name.in_(sorted(interests)))
    candidates = list(
        db.session.scalars(
            select(Offer).where(
                Offer.organisation_id == viewer.organisation_id,
                Offer.status == "open",
                Offer.kind.in_(("mentor", "shadow")),
                Offer.user_id != viewer.id,
                Offer.id.in_(matching),
                Offer.id.not_in(asked),
            )
        )
    )
    taken = places_taken(o.id for o in candidates)
    candidates = [o for o in candidates if taken.get(o.id, 0) < o.capacity]
    topics = topics_of(o.id for o in candidates)
    my_teams = {t.id for t in teams.teams_of(viewer)}
    owners = teams.teams_of_many(_Owner(o.user_id) for o in candidates)
    scored = []
    for offer in candidates:
        matched = [name for name in topics[offer.id] if name in interests]
        same_team = bool(my_teams & {t.id for t in owners[offer.user_id]})
        scored.append(((same_team, -sum(interests[n] for n in matched), -offer.id), offer, matched))
    scored.sort(key=lambda item: item[0])
    return [(offer, matched) for _, offer, matched in scored[:limit]]


class _Owner:
    """Just an id, for the teams service's look-up by people."""

    __slots__ = ("id",)

    def __init__(self, user_id: int):
        self.id = user_id
