"""Slack's signed requests, outside `/api/v1`: the `/learninghour` command and the message shortcut.

The raw body goes to the service untouched, because Slack's signature covers the exact bytes sent;
the service checks it before it reads a single field (form fields, the shortcut's JSON payload).
"""

from pathlib import Path

from flask import request
from flask.views import MethodView

from ..auth import csrf_exempt
from ..http import Blueprint
from . import slack
from .schemas import SlackAnswerSchema

MANIFEST = Path(__file__).with_name("slack_manifest.yaml")
SET_UP = f"""Slack's command and shortcut. **Setting it up** (docs/deploy.md has the whole story):
at Slack's app settings, *Create New App › From an app manifest*, paste this manifest with your host,
and install it to the workspace. Put *Basic Information › Signing Secret* in `SLACK_SIGNING_SECRET`
(without it these endpoints answer 404), and add the *Incoming Webhooks* URL Slack gives on install
as a Slack channel (`POST /api/v1/organisation/channels`, Admin › Organisation › Channels).

```yaml
{MANIFEST.read_text(encoding="utf-8")}```"""

blp = Blueprint("slack", __name__, url_prefix="/integrations/slack", description=SET_UP)
FORM = {
    "content": {
        "application/x-www-form-urlencoded": {
            "schema": {
                "type": "object",
                "properties": {
                    "team_id": {"type": "string"},
                    "user_id": {"type": "string"},
                    "command": {"type": "string", "example": "/learninghour"},
                    "text": {"type": "string", "example": "share https://example.com/talk ux"},
                    "response_url": {"type": "string"},
                    "payload": {"type": "string", "description": "The shortcut's JSON (interactivity only)"},
                },
            }
        }
    }
}
SIGNED = "Signed by Slack: X-Slack-Signature (v0 HMAC-SHA256) and X-Slack-Request-Timestamp"


@blp.route("/commands")
@csrf_exempt
class SlackCommands(MethodView):
    @blp.doc(requestBody=FORM, security=[], description=SIGNED)
    @blp.response(200, SlackAnswerSchema)
    @blp.alt_response(401, description="Not signed by Slack, older than five minutes, or a replay")
    @blp.alt_response(404, description="SLACK_SIGNING_SECRET is not set on this server")
    def post(self):
        """`/learninghour share <url> [tags…]`, `log <minutes> [title]`, `help`: answered at once, ephemerally."""
        return slack.answer_command(request.get_data(cache=True), request.headers, request.url_root)


@blp.route("/interactivity")
@csrf_exempt
class SlackInteractivity(MethodView):
    @blp.doc(requestBody=FORM, security=[], description=SIGNED)
    @blp.response(200)
    @blp.alt_response(401, description="Not signed by Slack, older than five minutes, or a replay")
    @blp.alt_response(404, description="SLACK_SIGNING_SECRET is not set on this server")
    def post(self):
        """The "Save to Learning Hour" message shortcut (its answer follows through response_url); other
        interactions (a post's link button) are acknowledged."""
        return slack.answer_interaction(request.get_data(cache=True), request.headers, request.url_root)
