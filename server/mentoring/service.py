"""What mentoring offers routes and the rest of the app: offers and asks (`offers`), consent before a
pairing (`asking`), pairings and their end (`pairings`), meetings logged for both (`meetings`), the
nudges that are due (`notices`, for the reminders feature to deliver) and aggregates for admins.
Other features import only this module.

Functions flush; the request (or the reminder run) commits.
"""

from sqlalchemy import func, select

from ..extensions import db
from .asking import accept, answerable_request, ask, decline, list_requests, visible_request, withdraw  # noqa: F401
from .meetings import delete_meeting, log_meeting, update_meeting, visible_meeting  # noqa: F401
from .models import Offer
from .notices import Notice, due_notices  # noqa: F401  (for the reminders feature)
from .offers import (  # noqa: F401
    browse,
    closable_offer,
    close_offer,
    editable_offer,
    post_offer,
    suggestions,
    update_offer,
    visible_offer,
)
from .pairings import active_pairing_count, end_pairing, list_pairings, visible_pairing  # noqa: F401
from .present import (  # noqa: F401
    describe_meetings,
    describe_offers,
    describe_pairing,
    describe_pairings,
    describe_request,
    describe_requests,
)
from .privacy import erase_personal_data, export_personal_data  # noqa: F401


def suggested_offers(viewer) -> list:
    """Suggestions, described for the viewer, with the topics that matched each."""
    found = suggestions(viewer)
    return describe_offers([offer for offer, _ in found], viewer, {offer.id: topics for offer, topics in found})


def organisation_stats(organisation_id: int) -> dict:
    """Counts for admins, never names: pairings that go on, open offers and open asks."""
    open_by_kind = dict(
        db.session.execute(
            select(Offer.kind, func.count())
            .where(Offer.organisation_id == organisation_id, Offer.status == "open")
            .group_by(Offer.kind)
        ).all()
    )
    return {
        "active_pairings": active_pairing_count(organisation_id),
        "open_offers": int(open_by_kind.get("mentor", 0) + open_by_kind.get("shadow", 0)),
        "open_asks": int(open_by_kind.get("ask", 0)),
    }
