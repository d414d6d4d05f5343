"""HTTP routes: offers and asks, requests and their answers, pairings, their meetings and their end,
and counts for admins. Lookups live in the service and answer 404 to anyone a thing is not for."""

from flask.views import MethodView
from flask_login import current_user

from ..auth import login_required, roles_required
from ..http import Blueprint
from . import service
from .schemas import (
    EndSchema,
    MeetingCreateSchema,
    MeetingSchema,
    MeetingUpdateSchema,
    OfferCreateSchema,
    OfferQuerySchema,
    OfferSchema,
    OfferUpdateSchema,
    PairingDetailSchema,
    PairingQuerySchema,
    PairingSchema,
    RequestCreateSchema,
    RequestQuerySchema,
    RequestSchema,
    StatsSchema,
)

blp = Blueprint(
    "mentoring",
    __name__,
    url_prefix="/api/v1/mentoring",
    description="Mentoring and job shadowing: offers and asks, requests, pairings and their meetings",
)


def _offer(offer) -> object:
    return service.describe_offers([offer], current_user)[0]


@blp.route("/offers")
class Offers(MethodView):
    @login_required
    @blp.arguments(OfferQuerySchema, location="query")
    @blp.response(200, OfferSchema(many=True))
    def get(self, query):
        """Open offers and asks of the organisation, newest first, by topic, kind or team; `mine` for the
        caller's own (paused and closed ones too)."""
        return service.describe_offers(service.browse(current_user, **query), current_user)

    @login_required
    @blp.arguments(OfferCreateSchema)
    @blp.response(201, OfferSchema)
    def post(self, data):
        """Offer to mentor (`mentor`) or to host a job shadowing day (`shadow`), or ask for a mentor (`ask`)."""
        return _offer(service.post_offer(current_user, data))


@blp.route("/offers/<int:offer_id>")
class OfferById(MethodView):
    @login_required
    @blp.arguments(OfferUpdateSchema)
    @blp.response(200, OfferSchema)
    @blp.alt_response(403, description="Not the caller's offer")
    def patch(self, changes, offer_id):
        """Pause (`status: paused`), open again, close, or change topics, note or capacity."""
        return _offer(service.update_offer(service.editable_offer(current_user, offer_id), changes))

    @login_required
    @blp.response(204)
    @blp.alt_response(403, description="Neither the caller's offer nor an admin")
    def delete(self, offer_id):
        """Close the offer: it leaves the lists; waiting requests are declined; pairings go on."""
        service.close_offer(service.closable_offer(current_user, offer_id))


@blp.route("/suggestions")
class Suggestions(MethodView):
    @login_required
    @blp.response(200, OfferSchema(many=True))
    def get(self):
        """Offers on topics the caller saved, logged or asks about; people in other teams first."""
        return service.suggested_offers(current_user)


@blp.route("/requests")
class Requests(MethodView):
    @login_required
    @blp.arguments(RequestQuerySchema, location="query")
    @blp.response(200, RequestSchema(many=True))
    def get(self, query):
        """The caller's requests, sent and received, newest first."""
        return service.describe_requests(service.list_requests(current_user, **query), current_user)

    @login_required
    @blp.arguments(RequestCreateSchema)
    @blp.response(201, RequestSchema)
    @blp.alt_response(409, description="Asked before, or the offer is full or paused")
    def post(self, data):
        """Ask the offer's person for a place, with a message they alone see."""
        request = service.ask(current_user, data["offer_id"], data.get("message"))
        return service.describe_request(request, service.visible_offer(current_user, request.offer_id), current_user)


@blp.route("/requests/<int:request_id>")
class RequestById(MethodView):
    @login_required
    @blp.response(204)
    @blp.alt_response(409, description="Answered already")
    def delete(self, request_id):
        """Take back a request that has no answer yet."""
        request, _offer = service.visible_request(current_user, request_id)
        service.withdraw(current_user, request)


@blp.route("/requests/<int:request_id>/accept")
class Accept(MethodView):
    @login_required
    @blp.response(200, RequestSchema)
    @blp.alt_response(409, description="Declined already")
    def post(self, request_id):
        """Say yes: the two are paired (`pairing_id`). Only the person asked may answer."""
        request, offer = service.answerable_request(current_user, request_id)
        service.accept(current_user, request, offer)
        return service.describe_request(request, offer, current_user)


@blp.route("/requests/<int:request_id>/decline")
class Decline(MethodView):
    @login_required
    @blp.response(200, RequestSchema)
    @blp.alt_response(409, description="Paired already")
    def post(self, request_id):
        """Say no, kindly: the asker hears only that it is not possible this time."""
        request, offer = service.answerable_request(current_user, request_id)
        return service.describe_request(service.decline(current_user, request), offer, current_user)


@blp.route("/pairings")
class Pairings(MethodView):
    @login_required
    @blp.arguments(PairingQuerySchema, location="query")
    @blp.response(200, PairingSchema(many=True))
    def get(self, query):
        """The caller's own pairings: those that go on first."""
        return service.describe_pairings(service.list_pairings(current_user, **query), current_user)


@blp.route("/pairings/<int:pairing_id>")
class PairingById(MethodView):
    @login_required
    @blp.response(200, PairingDetailSchema)
    def get(self, pairing_id):
        """One of the caller's pairings with its meetings; anyone else's does not exist for them."""
        return service.describe_pairing(service.visible_pairing(current_user, pairing_id), current_user)


@blp.route("/pairings/<int:pairing_id>/meetings")
class Meetings(MethodView):
    @login_required
    @blp.arguments(MeetingCreateSchema)
    @blp.response(201, MeetingSchema)
    @blp.alt_response(200, schema=MeetingSchema, description="This id was stored before: the stored meeting")
    @blp.alt_response(409, description="The pairing has ended, or the id is another meeting's")
    def post(self, data, pairing_id):
        """A meeting, logged for both under `mentoring` (`shadowing` for a shadowing day), once each."""
        pairing = service.visible_pairing(current_user, pairing_id)
        meeting, created = service.log_meeting(current_user, pairing, data)
        return service.describe_meetings([meeting], pairing, current_user)[0], 201 if created else 200


@blp.route("/pairings/<int:pairing_id>/meetings/<meeting_id>")
class MeetingById(MethodView):
    @login_required
    @blp.arguments(MeetingUpdateSchema)
    @blp.response(200, MeetingSchema)
    def patch(self, changes, pairing_id, meeting_id):
        """New date or minutes for both; a note changes only the caller's own."""
        pairing = service.visible_pairing(current_user, pairing_id)
        meeting = service.update_meeting(current_user, pairing, service.visible_meeting(pairing, meeting_id), changes)
        return service.describe_meetings([meeting], pairing, current_user)[0]

    @login_required
    @blp.response(204)
    def delete(self, pairing_id, meeting_id):
        """Remove the meeting and its time from both people's logs."""
        pairing = service.visible_pairing(current_user, pairing_id)
        service.delete_meeting(pairing, service.visible_meeting(pairing, meeting_id))


@blp.route("/pairings/<int:pairing_id>/end")
class End(MethodView):
    @login_required
    @blp.arguments(EndSchema)
    @blp.response(200, PairingSchema)
    @blp.alt_response(409, description="The caller's reflection is written already")
    def post(self, data, pairing_id):
        """End the pairing with a short reflection, which may become a lesson learned (anonymous if wished)."""
        pairing = service.end_pairing(current_user, service.visible_pairing(current_user, pairing_id), data)
        return service.describe_pairings([pairing], current_user)[0]


@blp.route("/stats")
class Stats(MethodView):
    @roles_required("admin")
    @blp.response(200, StatsSchema)
    def get(self):
        """Admins: how many pairings go on and how many offers and asks are open; never who."""
        return service.organisation_stats(current_user.organisation_id)
