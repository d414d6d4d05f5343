"""Admin endpoints: the organisation's people and settings. Everyone may read the settings, so
that each person can see plainly whether their individual minutes are shown to managers."""

from flask.views import MethodView
from flask_login import current_user

from ..auth import login_required, roles_required
from ..http import Blueprint
from . import admin, service
from .schemas import OrganisationSchema, PersonSchema, PersonUpdateSchema

blp = Blueprint("admin", __name__, url_prefix="/api/v1", description="People and organisation settings")


@blp.route("/admin/users")
class People(MethodView):
    @roles_required("admin")
    @blp.response(200, PersonSchema(many=True))
    def get(self):
        return service.profiles(service.people(current_user.organisation_id))


@blp.route("/admin/users/<int:user_id>")
class PersonById(MethodView):
    @roles_required("admin")
    @blp.arguments(PersonUpdateSchema)
    @blp.response(200, PersonSchema)
    @blp.alt_response(409, description="Admins cannot deactivate or demote themselves")
    def patch(self, changes, user_id):
        return service.profile(admin.change_person(current_user, admin.visible_person(current_user, user_id), changes))


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
        return admin.change_organisation(current_user, service.organisation_of(current_user), changes)
