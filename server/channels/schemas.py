"""Shapes of the channels API (the admin's channels, a person's Slack connections) and of the Slack
endpoints' answers."""

from marshmallow import fields, validate

from ..fields import ONE_LINE, Changes, Moment, Schema
from .models import EVENTS, KINDS, LOCALES

POSTED = "What is posted: new knowledge sessions, lessons as they are published, the Monday shelf"


class ChannelCreateSchema(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    url = fields.String(
        required=True,
        validate=validate.Length(min=1, max=2048),
        metadata={"description": "The Teams Workflows or Slack incoming-webhook URL: a secret, never shown again"},
    )
    events = fields.List(
        fields.String(validate=validate.OneOf(EVENTS)),
        load_default=list(EVENTS),
        validate=validate.Length(max=len(EVENTS)),
        metadata={"description": POSTED},
    )
    locale = fields.String(validate=validate.OneOf(LOCALES), load_default=None, allow_none=True)
    name = fields.String(
        load_default="", validate=[validate.Length(max=100), ONE_LINE], metadata={"example": "#learning"}
    )


class ChannelUpdateSchema(Changes):
    events = fields.List(
        fields.String(validate=validate.OneOf(EVENTS)),
        validate=validate.Length(max=len(EVENTS)),
        metadata={"description": POSTED},
    )
    locale = fields.String(validate=validate.OneOf(LOCALES))
    name = fields.String(validate=[validate.Length(max=100), ONE_LINE])
    paused = fields.Boolean(metadata={"description": "false resumes a paused channel; true pauses it"})


class LastPostSchema(Schema):
    state = fields.String(metadata={"description": "queued, sending, sent, failed or cancelled"})
    at = Moment(allow_none=True)
    error = fields.String(allow_none=True)


class ChannelSchema(Schema):
    id = fields.Integer()
    kind = fields.String()
    name = fields.String()
    url = fields.String(metadata={"description": "Masked: its host and last four characters"})
    events = fields.List(fields.String())
    locale = fields.String()
    state = fields.String(metadata={"description": "active, or paused (see pause_reason)"})
    paused_at = Moment(allow_none=True)
    pause_reason = fields.String(
        allow_none=True,
        metadata={"description": "gone, revoked, address, failing, refused, not_allowed or by_admin"},
    )
    last_error = fields.String(allow_none=True)
    last_sent_at = Moment(allow_none=True)
    last_post = fields.Nested(LastPostSchema, allow_none=True)
    created_at = Moment()


class TestPostSchema(Schema):
    id = fields.Integer(allow_none=True)
    state = fields.String()


class SlackLinkSchema(Schema):
    workspace = fields.String(attribute="team_name")
    slack_user = fields.String(attribute="slack_user_name")
    expires_at = Moment()


class SlackAccountSchema(Schema):
    id = fields.Integer()
    workspace = fields.String(attribute="team_name")
    slack_user = fields.String(attribute="slack_user_name")
    connected_at = Moment()


class SlackAccountsSchema(Schema):
    enabled = fields.Boolean(metadata={"description": "Whether this server takes Slack's command at all"})
    items = fields.List(fields.Nested(SlackAccountSchema))


class SlackAnswerSchema(Schema):
    response_type = fields.String(metadata={"description": "ephemeral: shown only to whoever asked"})
    text = fields.String()
