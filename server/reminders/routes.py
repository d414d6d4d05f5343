"""HTTP routes: push subscriptions, the VAPID public key, reminder preferences, snooze and test."""

from flask import current_app, request
from flask.views import MethodView
from flask_login import current_user

from ..auth import csrf_exempt, login_required
from ..extensions import limiter
from ..http import Blueprint
from ..push import load_keys
from . import service
from .schemas import (
    PreferenceSchema,
    SnoozeOutSchema,
    SnoozeTokenSchema,
    SubscriptionOutSchema,
    SubscriptionSchema,
    TestSendOutSchema,
    UnsubscribeSchema,
    VapidKeySchema,
)

blp = Blueprint("reminders", __name__, url_prefix="/api/v1", description="Web Push reminders")
# A test push reaches every device of the person at once; a few a minute is plenty for trying it out.
TEST_PUSH_LIMIT = "3/minute;20/hour"


def _person_key() -> str:
    return f"push-test:{current_user.get_id()}"


def _signed_out() -> bool:  # answered 401 by login_required, and never counted
    return not current_user.is_authenticated


@blp.route("/push/vapid-public-key")
class VapidPublicKey(MethodView):
    @blp.doc(security=[])
    @blp.response(200, VapidKeySchema)
    def get(self):
        """The server's VAPID public key, for `PushManager.subscribe({applicationServerKey})`."""
        return {"public_key": load_keys(current_app).public_key}


@blp.route("/push/subscriptions")
class Subscriptions(MethodView):
    @login_required
    @blp.arguments(SubscriptionSchema)
    @blp.response(201, SubscriptionOutSchema)
    @blp.alt_response(200, schema=SubscriptionOutSchema, description="Already stored: updated")
    def post(self, data):
        """Store this device's push subscription (the same endpoint again updates it)."""
        subscription, created = service.subscribe(
            current_user, data["endpoint"], data["keys"], request.headers.get("User-Agent")
        )
        return subscription, (201 if created else 200)

    @login_required
    @blp.arguments(UnsubscribeSchema)
    @blp.response(204)
    def delete(self, data):
        """Forget this device's subscription."""
        service.unsubscribe(current_user, data["endpoint"])


@blp.route("/me/reminders")
class Preferences(MethodView):
    @login_required
    @blp.response(200, PreferenceSchema)
    def get(self):
        """When the weekly reminder comes, in the person's own timezone."""
        return service.preferences(current_user)

    @login_required
    @blp.arguments(PreferenceSchema)
    @blp.response(200, PreferenceSchema)
    def patch(self, changes):
        return service.update_preferences(current_user, changes)


@blp.route("/me/reminders/snooze")
class Snooze(MethodView):
    @login_required
    @blp.response(200, SnoozeOutSchema)
    def post(self):
        """Remind me again tomorrow at my reminder time (once)."""
        return {"snoozed_until": service.snooze(current_user)}


@blp.route("/me/reminders/test")
class TestNotification(MethodView):
    decorators = [limiter.limit(TEST_PUSH_LIMIT, key_func=_person_key, methods=["POST"], exempt_when=_signed_out)]

    @login_required
    @blp.response(202, TestSendOutSchema)
    @blp.alt_response(429, description="Too many test notifications; see Retry-After")
    def post(self):
        """Send a test notification to each of my devices now."""
        return service.send_test(current_user)


@blp.route("/reminders/snooze")
@csrf_exempt
class SnoozeByToken(MethodView):
    @blp.doc(security=[])
    @blp.arguments(SnoozeTokenSchema)
    @blp.response(200, SnoozeOutSchema)
    def post(self, data):
        """Snooze from the notification itself: the service worker sends the payload's `snooze_token`
        (signed, two days valid), no cookie needed."""
        return {"snoozed_until": service.snooze_with_token(data["token"])}
