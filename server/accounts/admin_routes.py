"""Admin endpoints: the organisation's people and settings. Everyone may read the settings, so
that each person can see plainly whether their individual minutes are shown to managers."""
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint, abort

from ..errors import refuse
from ..teams import service as teams
from . import admin, service
from .models import as_utc
from .schemas import OrganisationSchema, PersonSchema, PersonUpdateSchema
from .security import login_required, roles_required

blp = Blueprint("admin", __name__, url_prefix="/api/v1", description="People and organisation settings")


def _person_out(user) -> dict:
    return {"id": user.id, "email": user.email, "name": user.name, "role": user.role, "active": user.active,
            "teams": [{"id": t.id, "name": t.name} for t in teams.teams_of(user)],
            "managed_team_ids": sorted(teams.managed_team_ids(user)),
            "created_at": as_utc(user.created_at), "deactivated_at": as_utc(user.deactivated_at)}


@blp.route("/admin/users")
class People(MethodView):
    @roles_required("admin")
    @blp.response(200, PersonSchema(many=True))
    def get(self):
        return [_person_out(user) for user in admin.people(current_user.organisation_id)]


@blp.route("/admin/users/<int:user_id>")
class PersonById(MethodView):
    @roles_required("admin")
    @blp.arguments(PersonUpdateSchema)
    @blp.response(200, PersonSchema)
    @blp.alt_response(409, description="Admins cannot deactivate or demote themselves")
    def patch(self, changes, user_id):
        user = admin.person(current_user.organisation_id, user_id)
        if user is None:
            abort(404, message="No such person.")
        try:
            admin.change_person(current_user, user, changes)
        except service.AccountError as error:
            refuse(error)
        return _person_out(user)


@blp.route("/organisation")
class OrganisationSettings(MethodView):
    @login_required
    @blp.response(200, OrganisationSchema)
    def get(self):
        return service.organisation_of(current_user)

    @roles_required("admin")
    @blp.arguments(OrganisationSchema)
    @blp.response(200, OrganisationSchema)
    def patch(self, changes):
        try:
            return admin.change_organisation(service.organisation_of(current_user), changes)
        except service.AccountError as error:
            refuse(error)
