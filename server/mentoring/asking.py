"""Consent before a pairing: a person asks for a place on an offer (with a message), and the offer's
person accepts (a pairing of the two is made) or declines, which tells the asker "not this time" and
nobody anything. A request is seen by those two only.

Functions flush; the request commits.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import DateTime, Text, exists, func, insert, literal, or_, select, update

from ..clock import utcnow
from ..database import LARGEST_ID, is_postgres
from ..errors import RuleError
from ..extensions import db
from .models import HOLDING, Offer, Pairing, Request
from .offers import get_offer

NOT_FOUND = _l("No such request.")


def visible_request(viewer, request_id: int) -> tuple[Request, Offer]:
    """A request and its offer, for the asker and the offer's person; nobody else, admins included."""
    request = db.session.get(Request, request_id) if 0 < request_id <= LARGEST_ID else None
    offer = db.session.get(Offer, request.offer_id) if request is not None else None
    if (
        offer is None
        or offer.organisation_id != viewer.organisation_id
        or viewer.id
        not in (
            request.requester_id,
            offer.user_id,
        )
    ):
        raise RuleError("request", NOT_FOUND, 404)
    return request, offer


def answerable_request(viewer, request_id: int) -> tuple[Request, Offer]:
    request, offer = visible_request(viewer, request_id)
    if offer.user_id != viewer.id:
        raise RuleError("request", _l("Only the person you asked can answer this request."), 403)
    return request, offer


def ask(user, offer_id: int, message: str | None = None) -> Request:
    """Ask for a place. The checks and the insert are one statement, so two people asking for the last
    place at once cannot both get it: SQLite runs one writer at a time, and PostgreSQL first locks the
    offer's row. A second request to the same offer, or one to a full or paused offer: 409."""
    offer = get_offer(user.organisation_id, offer_id)
    if offer is None or offer.status == "closed":
        raise RuleError("offer_id", _l("No such offer."))
    if offer.user_id == user.id:
        raise RuleError("offer_id", _l("This is your own offer."))
    if is_postgres():
        db.session.execute(select(Offer.id).where(Offer.id == offer.id).with_for_update())
    table = Request.__table__
    held = (
        select(func.count())
        .select_from(table)
        .where(table.c.offer_id == offer.id, table.c.status.in_(HOLDING))
        .scalar_subquery()
    )
    capacity = select(Offer.capacity).where(Offer.id == offer.id, Offer.status == "open").scalar_subquery()
    already = exists().where(table.c.offer_id == offer.id, table.c.requester_id == user.id)
    row = select(
        literal(offer.id),
        literal(user.id),
        literal(message or None, Text),
        literal("pending"),
        literal(utcnow(), DateTime(timezone=True)),
    ).where(~already, capacity.is_not(None), held < capacity)
    stmt = insert(table).from_select(["offer_id", "requester_id", "message", "status", "created_at"], row)
    made = db.session.execute(stmt.returning(table.c.id)).scalar()
    if made is not None:
        return db.session.get(Request, made)
    if db.session.scalar(select(already)):
        raise RuleError("offer_id", _l("You have already asked for this."), 409)
    db.session.refresh(offer)
    if offer.status != "open":
        raise RuleError("offer_id", _l("This offer is paused just now."), 409)
    raise RuleError("offer_id", _l("This offer has no place free just now."), 409)


def withdraw(user, request: Request) -> None:
    """The asker takes back a request that has no answer yet, which frees its place."""
    if request.requester_id != user.id:
        raise RuleError("request", _l("Only the person who asked can take a request back."), 403)
    if request.status != "pending":
        raise RuleError("request", _l("This request has been answered already."), 409)
    db.session.delete(request)
    db.session.flush()


def _answer(request: Request, status: str) -> bool:
    """Move a waiting request to `status`; False when another answer got there first."""
    done = db.session.execute(
        update(Request)
        .where(Request.id == request.id, Request.status == "pending")
        .values(status=status, answered_at=utcnow())
        .returning(Request.id)
    ).scalar()
    db.session.refresh(request)
    return done is not None


def accept(user, request: Request, offer: Offer) -> Pairing:
    """Accept: the two are paired. Accepting again answers the same pairing."""
    if request.status == "pending" and _answer(request, "accepted"):
        # The offer's person mentors or hosts; on an ask, the one who answered it mentors.
        mentor_id, mentee_id = (
            (offer.user_id, request.requester_id) if offer.kind != "ask" else (request.requester_id, offer.user_id)
        )
        pairing = Pairing(
            organisation_id=offer.organisation_id,
            offer_id=offer.id,
            request_id=request.id,
            activity="shadowing" if offer.kind == "shadow" else "mentoring",
            mentor_id=mentor_id,
            mentee_id=mentee_id,
            started_at=utcnow(),
        )
        db.session.add(pairing)
        db.session.flush()
        return pairing
    pairing = db.session.scalar(select(Pairing).where(Pairing.request_id == request.id))
    if pairing is None:
        raise RuleError("request", _l("You have said no to this request already."), 409)
    return pairing


def decline(user, request: Request) -> Request:
    """Decline, kindly: the asker learns only that it is not possible this time. Again: no change."""
    if request.status == "pending":
        _answer(request, "declined")
    if request.status in ("accepted", "ended"):
        raise RuleError("request", _l("You are paired already; end the pairing instead."), 409)
    return request


def pairing_ids_of(request_ids) -> dict[int, int]:
    ids = sorted(set(request_ids))
    if not ids:
        return {}
    return dict(db.session.execute(select(Pairing.request_id, Pairing.id).where(Pairing.request_id.in_(ids))).all())


def list_requests(viewer, *, direction: str | None = None, status: str | None = None, limit: int = 100):
    """The viewer's requests, sent and received (or one `direction`), newest first, with their offers."""
    sent = Request.requester_id == viewer.id
    received = Offer.user_id == viewer.id
    which = {"sent": sent, "received": received}.get(direction or "", or_(sent, received))
    query = (
        select(Request, Offer)
        .join(Offer, Offer.id == Request.offer_id)
        .where(Offer.organisation_id == viewer.organisation_id, which)
    )
    if status:
        query = query.where(Request.status == status)
    return db.session.execute(query.order_by(Request.id.desc()).limit(limit)).all()
