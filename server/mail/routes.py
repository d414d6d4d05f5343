"""Admin endpoints for e-mail: its state (set up or not, waiting, failed with why) and a test message."""

from flask.views import MethodView
from flask_login import current_user

from ..auth import roles_required
from ..extensions import limiter
from ..http import Blueprint
from . import admin
from .schemas import MailStatusSchema, TestMailSchema, TestMailSentSchema

blp = Blueprint("mail", __name__, url_prefix="/api/v1", description="Outgoing e-mail")
TEST_LIMIT = "5/minute;30/hour"


def _admin_key() -> str:
    return f"mail-test:{current_user.get_id()}"


@blp.route("/admin/mail")
class MailStatus(MethodView):
    @roles_required("admin")
    @blp.response(200, MailStatusSchema)
    def get(self):
        """Whether e-mail is set up, how many messages wait, and those that will never go (with why)."""
        return admin.status(current_user.organisation_id)


@blp.route("/admin/mail/test")
class TestMail(MethodView):
    decorators = [
        limiter.limit(
            TEST_LIMIT, key_func=_admin_key, methods=["POST"], exempt_when=lambda: not current_user.is_authenticated
        )
    ]

    @roles_required("admin")
    @blp.arguments(TestMailSchema)
    @blp.response(202, TestMailSentSchema)
    @blp.alt_response(409, description="E-mail is not set up")
    @blp.alt_response(429, description="Too many test messages; see Retry-After")
    def post(self, data):
        """A test message (to you, or to `to`), sent right after this answer."""
        return admin.send_test(current_user, data.get("to"))
