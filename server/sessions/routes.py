"""HTTP routes: knowledge sessions, RSVPs, attendance and hosting (series are in `series_routes.py`, on
the same blueprint)."""

from flask.views import MethodView
from flask_login import current_user

from ..auth import login_required
from ..http import Blueprint
from ..log.service import EntrySchema
from . import service
from .present import describe, describe_many
from .schemas import (
    KnowledgeSessionCreateSchema,
    KnowledgeSessionQuerySchema,
    KnowledgeSessionSchema,
    KnowledgeSessionUpdateSchema,
    PreparationSchema,
)

blp = Blueprint("sessions", __name__, url_prefix="/api/v1", description="Knowledge sessions")


@blp.route("/sessions")
class Sessions(MethodView):
    @login_required
    @blp.arguments(KnowledgeSessionQuerySchema, location="query")
    @blp.response(200, KnowledgeSessionSchema(many=True))
    def get(self, query):
        """The organisation's sessions: `upcoming=true` for those not yet ended, soonest first; `recent=true`
        for those ended in the last two weeks (for "I was there"); otherwise all, the latest first."""
        return describe_many(service.list_sessions(current_user.organisation_id, **query), current_user)

    @login_required
    @blp.arguments(KnowledgeSessionCreateSchema)
    @blp.response(201, KnowledgeSessionSchema)
    def post(self, data):
        return describe(service.create_session(current_user, data), current_user)


@blp.route("/sessions/<int:session_id>")
class SessionById(MethodView):
    @login_required
    @blp.response(200, KnowledgeSessionSchema)
    def get(self, session_id):
        return describe(service.visible_session(current_user, session_id), current_user)

    @login_required
    @blp.arguments(KnowledgeSessionUpdateSchema)
    @blp.response(200, KnowledgeSessionSchema)
    @blp.alt_response(403, description="Only the host, whoever planned it, or an admin")
    def patch(self, changes, session_id):
        session = service.editable_session(current_user, session_id)
        return describe(service.update_session(current_user, session, changes), current_user)

    @login_required
    @blp.response(204)
    @blp.alt_response(403, description="Only the host, whoever planned it, or an admin")
    @blp.alt_response(409, description="People have joined, or a series made it: cancel it instead")
    def delete(self, session_id):
        """For a session planned by mistake; one that people joined is cancelled instead."""
        service.delete_session(service.editable_session(current_user, session_id))


@blp.route("/sessions/<int:session_id>/cancel")
class SessionCancel(MethodView):
    @login_required
    @blp.response(200, KnowledgeSessionSchema)
    @blp.alt_response(403, description="Only the host, whoever planned it, or an admin")
    def post(self, session_id):
        """Cancel: the session stays, marked, and those who joined are told (push, calendar feed)."""
        return describe(service.cancel_session(service.editable_session(current_user, session_id)), current_user)


@blp.route("/sessions/<int:session_id>/host")
class SessionHost(MethodView):
    @login_required
    @blp.response(200, KnowledgeSessionSchema)
    @blp.alt_response(409, description="Someone already hosts it, or it is cancelled")
    def post(self, session_id):
        """ "I'll host": the caller becomes the host of a session that has none."""
        session = service.visible_session(current_user, session_id)
        return describe(service.volunteer(current_user, session), current_user)


@blp.route("/sessions/<int:session_id>/preparation")
class SessionPreparation(MethodView):
    @login_required
    @blp.arguments(PreparationSchema)
    @blp.response(201, EntrySchema)
    @blp.alt_response(200, schema=EntrySchema, description="Logged before: the same entry")
    @blp.alt_response(403, description="Only the host logs preparation")
    def post(self, data, session_id):
        """The host logs their preparation time as learning time, once."""
        session = service.visible_session(current_user, session_id)
        entry, created = service.log_preparation(current_user, session, data["minutes"])
        return entry, 201 if created else 200


@blp.route("/sessions/<int:session_id>/rsvp")
class SessionRsvp(MethodView):
    @login_required
    @blp.response(201, KnowledgeSessionSchema)
    @blp.alt_response(200, schema=KnowledgeSessionSchema, description="Already coming: nothing changed")
    @blp.alt_response(409, description="The session is full")
    def put(self, session_id):
        session = service.visible_session(current_user, session_id)
        added = service.join(current_user, session)
        return describe(session, current_user), 201 if added else 200

    @login_required
    @blp.response(204)
    def delete(self, session_id):
        service.leave(current_user, service.visible_session(current_user, session_id))


@blp.route("/sessions/<int:session_id>/attended")
class SessionAttended(MethodView):
    @login_required
    @blp.response(201, EntrySchema)
    @blp.alt_response(200, schema=EntrySchema, description="Logged before: the same entry")
    @blp.alt_response(409, description="The session has not started yet")
    def post(self, session_id):
        """Log the session as learning time (a `knowledge_session` entry), once."""
        entry, created = service.attend(current_user, service.visible_session(current_user, session_id))
        return entry, 201 if created else 200
