"""Input validation and output shapes for accounts."""
from marshmallow import Schema, fields, validate

from .models import LOCALES, ROLES

# Long enough to resist guessing, short enough for a phone keyboard.
PASSWORD_LENGTH = validate.Length(min=8, max=1024)


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
    password = fields.String(load_only=True, validate=PASSWORD_LENGTH)
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


class InviteCreateSchema(Schema):
    email = fields.Email(load_default=None, allow_none=True, validate=validate.Length(max=254))
    role = fields.String(load_default="employee", validate=validate.OneOf(ROLES))
    expires_in_days = fields.Integer(load_default=14, validate=validate.Range(min=1, max=60))


class NewInviteSchema(Schema):
    id = fields.Integer()
    token = fields.String()
    url = fields.String()
    expires_at = fields.DateTime()
    role = fields.String()
    email = fields.String(allow_none=True)
    team = fields.Nested(TeamRefSchema, allow_none=True)


class NameSchema(Schema):
    name = fields.String()


class InviteInfoSchema(Schema):
    organisation = fields.Nested(NameSchema)
    team = fields.Nested(NameSchema, allow_none=True)
    email = fields.String(allow_none=True)
    role = fields.String()
    expires_at = fields.DateTime()
    expired = fields.Boolean()


class AcceptInviteSchema(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    email = fields.Email(required=True, validate=validate.Length(max=254))
    password = fields.String(required=True, load_only=True, validate=PASSWORD_LENGTH)
    remember = fields.Boolean(load_default=True)


class AcceptedInviteSchema(UserSchema):
    """The new person's profile, and (as login answers) the same under `user` with the CSRF token."""

    user = fields.Nested(UserSchema)
    csrf_token = fields.String()


class DeleteAccountSchema(Schema):
    password = fields.String(required=True, load_only=True, validate=validate.Length(min=1, max=1024))


class PersonSchema(Schema):
    """A person as an admin sees them."""

    id = fields.Integer()
    email = fields.String()
    name = fields.String()
    role = fields.String()
    active = fields.Boolean()
    teams = fields.List(fields.Nested(TeamRefSchema))
    managed_team_ids = fields.List(fields.Integer())
    created_at = fields.DateTime()
    deactivated_at = fields.DateTime(allow_none=True)


class PersonUpdateSchema(Schema):
    name = fields.String(validate=validate.Length(min=1, max=200))
    role = fields.String(validate=validate.OneOf(ROLES))
    active = fields.Boolean()


class OrganisationSchema(Schema):
    id = fields.Integer(dump_only=True)
    name = fields.String(validate=validate.Length(min=1, max=200))
    timezone = fields.String(validate=validate.Length(min=1, max=64))
    weekly_goal_minutes = fields.Integer(validate=validate.Range(min=1, max=2400))
    default_locale = fields.String(validate=validate.OneOf(LOCALES))
    show_individual_minutes = fields.Boolean()
