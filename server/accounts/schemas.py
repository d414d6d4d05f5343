"""Input validation and output shapes for accounts."""
from marshmallow import Schema, fields, validate

from .models import LOCALES


class LoginSchema(Schema):
    email = fields.String(required=True, validate=validate.Length(min=3, max=254))
    password = fields.String(required=True, load_only=True, validate=validate.Length(min=1, max=1024))
    remember = fields.Boolean(load_default=False)


class TeamRefSchema(Schema):
    id = fields.Integer()
    name = fields.String()


class UserSchema(Schema):
    id = fields.Integer(dump_only=True)
    email = fields.String(dump_only=True)
    name = fields.String()
    role = fields.String(dump_only=True)
    locale = fields.String()
    timezone = fields.String()
    weekly_goal_minutes = fields.Integer(allow_none=True)
    effective_goal_minutes = fields.Integer(dump_only=True)
    organisation = fields.Dict(dump_only=True)
    teams = fields.List(fields.Nested(TeamRefSchema), dump_only=True)
    managed_team_ids = fields.List(fields.Integer(), dump_only=True)


class SessionSchema(Schema):
    user = fields.Nested(UserSchema)
    csrf_token = fields.String()


class ProfileUpdateSchema(Schema):
    name = fields.String(validate=validate.Length(min=1, max=200))
    locale = fields.String(validate=validate.OneOf(LOCALES))
    timezone = fields.String(validate=validate.Length(min=1, max=64))
    weekly_goal_minutes = fields.Integer(allow_none=True, validate=validate.Range(min=0, max=2400))
    password = fields.String(load_only=True, validate=validate.Length(min=10, max=1024))
    current_password = fields.String(load_only=True)


class TokenCreateSchema(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=100))


class TokenSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    prefix = fields.String()
    created_at = fields.DateTime()
    last_used_at = fields.DateTime(allow_none=True)


class NewTokenSchema(TokenSchema):
    token = fields.String()


