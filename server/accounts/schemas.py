"""Input validation and output shapes for accounts."""

from marshmallow import fields, validate

from ..fields import ONE_LINE, Changes, Moment, Ref, Schema, not_blank
from .models import HOLIDAY_GOALS, LOCALES, MIN_GROUP_SIZES, ROLES

# Long enough to resist guessing, short enough for a phone keyboard.
PASSWORD_LENGTH = validate.Length(min=8, max=1024)


class LoginSchema(Schema):
    email = fields.String(required=True, validate=validate.Length(min=3, max=254))
    password = fields.String(required=True, load_only=True, validate=validate.Length(min=1, max=1024))
    remember = fields.Boolean(load_default=False)


class OrganisationRefSchema(Schema):
    """The organisation as each of its people sees it in their profile."""

    id = fields.Integer()
    name = fields.String()
    timezone = fields.String()
    weekly_goal_minutes = fields.Integer()
    show_individual_minutes = fields.Boolean()
    min_group_size = fields.Integer()


class CompanyAccountSchema(Schema):
    """A person's link to their company account (sign-in with OpenID Connect), as they and admins see it."""

    email = fields.String(allow_none=True)
    subject = fields.String(metadata={"description": "The provider's identifier for the person (`sub`)"})
    linked_at = Moment()
    waiting = fields.Boolean(
        metadata={"description": "The link waits for proof: a password sign-in in the same browser, or an admin"}
    )
    last_sign_in_at = Moment(allow_none=True)


class UserSchema(Schema):
    id = fields.Integer(dump_only=True)
    email = fields.String(dump_only=True)
    name = fields.String()
    role = fields.String(dump_only=True)
    locale = fields.String()
    timezone = fields.String()
    weekly_goal_minutes = fields.Integer(allow_none=True)
    effective_goal_minutes = fields.Integer(dump_only=True)
    organisation = fields.Nested(OrganisationRefSchema, dump_only=True)
    teams = fields.List(fields.Nested(Ref), dump_only=True)
    managed_team_ids = fields.List(fields.Integer(), dump_only=True)
    # False for someone who signs in only with the company account (no password to change or confirm with).
    has_password = fields.Boolean(dump_only=True)
    company_account = fields.Nested(CompanyAccountSchema, allow_none=True, dump_only=True)


class SessionSchema(Schema):
    user = fields.Nested(UserSchema)
    csrf_token = fields.String()


class ProfileUpdateSchema(Changes):
    name = fields.String(validate=[validate.Length(min=1, max=200), ONE_LINE, not_blank])
    locale = fields.String(validate=validate.OneOf(LOCALES))
    timezone = fields.String(validate=validate.Length(min=1, max=64))
    weekly_goal_minutes = fields.Integer(allow_none=True, validate=validate.Range(min=0, max=2400))
    password = fields.String(load_only=True, validate=PASSWORD_LENGTH)
    current_password = fields.String(load_only=True, validate=validate.Length(max=1024))


class TokenCreateSchema(Schema):
    name = fields.String(required=True, validate=[validate.Length(min=1, max=100), not_blank])


class TokenSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    prefix = fields.String()
    created_at = Moment()
    last_used_at = Moment(allow_none=True)


class NewTokenSchema(TokenSchema):
    token = fields.String()


class DeleteAccountSchema(Schema):
    password = fields.String(required=True, load_only=True, validate=validate.Length(min=1, max=1024))


class PersonSchema(Schema):
    """A person as an admin sees them."""

    id = fields.Integer()
    email = fields.String()
    name = fields.String()
    role = fields.String()
    active = fields.Boolean()
    teams = fields.List(fields.Nested(Ref))
    managed_team_ids = fields.List(fields.Integer())
    created_at = Moment()
    deactivated_at = Moment(allow_none=True)
    company_account = fields.Nested(CompanyAccountSchema, allow_none=True)


class PersonUpdateSchema(Changes):
    name = fields.String(validate=[validate.Length(min=1, max=200), ONE_LINE, not_blank])
    role = fields.String(validate=validate.OneOf(ROLES))
    active = fields.Boolean()


class OrganisationSchema(Changes):
    id = fields.Integer(dump_only=True)
    name = fields.String(validate=[validate.Length(min=1, max=200), not_blank])
    timezone = fields.String(validate=validate.Length(min=1, max=64))
    weekly_goal_minutes = fields.Integer(validate=validate.Range(min=1, max=2400))
    default_locale = fields.String(validate=validate.OneOf(LOCALES))
    show_individual_minutes = fields.Boolean()
    min_group_size = fields.Integer(validate=validate.Range(min=MIN_GROUP_SIZES[0], max=MIN_GROUP_SIZES[1]))
    password_sign_in_admins_only = fields.Boolean()
    # In: ISO 3166 alpha-2 (null: the country of the time zone). Out: the country whose holidays apply.
    country = fields.String(load_only=True, allow_none=True, validate=validate.Length(equal=2))
    holiday_country = fields.String(dump_only=True, data_key="country", allow_none=True)
    holiday_goal = fields.String(validate=validate.OneOf(HOLIDAY_GOALS))


class ResetLinkSchema(Schema):
    """A new one-time password reset link, shown once to the admin who made it."""

    token = fields.String()
    url = fields.String()
    expires_at = Moment()
    user = fields.Nested(Ref)


class ResetInfoSchema(Schema):
    name = fields.String()
    email = fields.String()
    expires_at = Moment()


class NewPasswordSchema(Schema):
    password = fields.String(required=True, load_only=True, validate=PASSWORD_LENGTH)


class ForgotPasswordSchema(Schema):
    email = fields.Email(required=True, validate=validate.Length(max=254))


class ForgotPasswordAnswerSchema(Schema):
    message = fields.String()
