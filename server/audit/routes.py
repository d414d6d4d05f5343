"""`GET /api/v1/admin/audit`: the organisation's audit trail, newest first, for admins."""

from flask.views import MethodView
from flask_login import current_user

from ..auth import roles_required
from ..http import Blueprint
from . import service
from .schemas import AuditPageSchema, AuditQuerySchema

blp = Blueprint("audit", __name__, url_prefix="/api/v1", description="Who changed what: the audit trail")


@blp.route("/admin/audit")
class AuditTrail(MethodView):
    @roles_required("admin")
    @blp.arguments(AuditQuerySchema, location="query")
    @blp.response(200, AuditPageSchema)
    def get(self, query):
        items, next_cursor = service.page(current_user.organisation_id, **query)
        return {"items": items, "next_cursor": next_cursor}
