"""Admin › Organisation › Channels, and a person's Slack connections (Settings, the connect screen)."""

from flask import request
from flask.views import MethodView
from flask_login import current_user

from ..auth import login_required, roles_required, session_required
from ..extensions import limiter
from ..http import Blueprint
from . import connections, service
from .schemas import (
    ChannelCreateSchema,
    ChannelSchema,
    ChannelUpdateSchema,
    SlackAccountSchema,
    SlackAccountsSchema,
    SlackLinkSchema,
    TestPostSchema,
)

SET_UP = """Teams and Slack channels an admin connects, and a person's Slack connections.

**A Teams channel:** in Teams, on the channel, *⋯ › Workflows* and the template
*Post to a channel when a webhook request is received*; name it, pick the team and channel,
*Add workflow*, and copy the URL it shows (Office 365 connectors are retired and refused).
**A Slack channel:** the *Incoming Webhooks* URL of the Slack app (its manifest is under `slack`).

Either URL goes to `POST /organisation/channels` with `kind` `teams` or `slack`; it must match the
server's `CHANNEL_ALLOWED_URLS`, is kept sealed and answered masked. Then
`POST /organisation/channels/{id}/test`. Posts are Adaptive Cards 1.4 in the Workflows envelope
(Teams) and Block Kit with a plain-text fallback (Slack)."""

blp = Blueprint("channels", __name__, url_prefix="/api/v1", description=SET_UP)
TEST_LIMIT = "5/minute;30/hour"
LINK_LIMIT = "30/minute;200/hour"


def _caller_key() -> str:
    return f"channels:{current_user.get_id()}"


def _limited(limit: str):
    return limiter.limit(limit, key_func=_caller_key, exempt_when=lambda: not current_user.is_authenticated)


@blp.route("/organisation/channels")
class Channels(MethodView):
    @roles_required("admin")
    @blp.response(200, ChannelSchema(many=True))
    def get(self):
        """The organisation's channels, their webhooks masked, and whether each is paused (and why)."""
        return service.describe_many(service.list_channels(current_user.organisation_id))

    @roles_required("admin")
    @blp.arguments(ChannelCreateSchema)
    @blp.response(201, ChannelSchema)
    @blp.alt_response(409, description="The organisation has as many channels as it may")
    def post(self, data):
        """A Teams (Workflows webhook) or Slack (incoming webhook) channel. The URL must match the
        server's CHANNEL_ALLOWED_URLS; it is kept sealed and answered masked from now on."""
        return service.describe(service.add_channel(current_user, data, request.url_root))


@blp.route("/organisation/channels/<int:channel_id>")
class ChannelById(MethodView):
    @roles_required("admin")
    @blp.arguments(ChannelUpdateSchema)
    @blp.response(200, ChannelSchema)
    @blp.alt_response(404, description="No such channel in your organisation")
    def patch(self, changes, channel_id):
        """What is posted, in which language; `paused: false` resumes a paused channel."""
        channel = service.visible_channel(current_user, channel_id)
        return service.describe(service.update_channel(current_user, channel, changes))

    @roles_required("admin")
    @blp.response(204)
    @blp.alt_response(404, description="No such channel in your organisation")
    def delete(self, channel_id):
        service.remove_channel(current_user, service.visible_channel(current_user, channel_id))


@blp.route("/organisation/channels/<int:channel_id>/test")
class ChannelTest(MethodView):
    decorators = [_limited(TEST_LIMIT)]

    @roles_required("admin")
    @blp.response(202, TestPostSchema)
    @blp.alt_response(404, description="No such channel in your organisation")
    @blp.alt_response(429, description="Too many test posts; see Retry-After")
    def post(self, channel_id):
        """A test post, sent right after this answer (even to a paused channel)."""
        return service.send_test(current_user, service.visible_channel(current_user, channel_id))


@blp.route("/me/slack-accounts")
class SlackAccounts(MethodView):
    @login_required
    @blp.response(200, SlackAccountsSchema)
    def get(self):
        """The Slack accounts connected to mine, and whether this server takes Slack's command."""
        return {"enabled": service.slack_enabled(), "items": connections.accounts_of(current_user)}


@blp.route("/me/slack-accounts/<int:account_id>")
class SlackAccountById(MethodView):
    @login_required
    @blp.response(204)
    @blp.alt_response(404, description="Not one of your connections")
    def delete(self, account_id):
        """Disconnect: Slack no longer speaks for me."""
        connections.disconnect(connections.own_account(current_user, account_id))


@blp.route("/slack/links/<token>")
class SlackLinkByToken(MethodView):
    decorators = [_limited(LINK_LIMIT)]

    @login_required
    @blp.response(200, SlackLinkSchema)
    @blp.alt_response(404, description="No such link")
    @blp.alt_response(410, description="The link was used or has expired")
    def get(self, token):
        """Which Slack account a one-time link would connect."""
        return connections.open_link(token)

    @session_required
    @blp.response(201, SlackAccountSchema)
    @blp.alt_response(409, description="That Slack account, or another of yours there, is connected already")
    @blp.alt_response(410, description="The link was used or has expired")
    def post(self, token):
        """Connect that Slack account to mine (signed in with a browser)."""
        return connections.connect(current_user, token)[0]
