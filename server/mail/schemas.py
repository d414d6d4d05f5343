"""What the admin screen reads about e-mail, and the test message's body."""

from marshmallow import fields, validate

from ..fields import Moment, Schema


class FailureSchema(Schema):
    id = fields.Integer()
    to = fields.String(attribute="target")
    what = fields.String(metadata={"description": "Which message: invite, password_reset, reminder, digest, …"})
    error = fields.String(attribute="last_error")
    attempts = fields.Integer()
    at = Moment(attribute="updated_at")


class MailStatusSchema(Schema):
    enabled = fields.Boolean()
    relay = fields.String(allow_none=True, metadata={"description": "The relay, without its password"})
    sender = fields.String(allow_none=True)
    public_url = fields.String(allow_none=True)
    problem = fields.String(allow_none=True, metadata={"description": "Why e-mail is off although SMTP_URL is set"})
    waiting = fields.Integer()
    failures = fields.List(fields.Nested(FailureSchema))


class TestMailSchema(Schema):
    to = fields.Email(load_default=None, allow_none=True, validate=validate.Length(max=254))


class TestMailSentSchema(Schema):
    id = fields.Integer()
    to = fields.String()
    state = fields.String()
