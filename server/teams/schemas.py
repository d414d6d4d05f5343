"""Input validation and output shapes for teams and invitations."""

from marshmallow import fields, validate

from ..accounts.service import ProfileSchema
from ..fields import ONE_LINE, Id, Moment, Ref, Schema, not_blank

ROLES = ("employee", "manager", "admin")
MAIL_STATE = "The invitation by e-mail: queued, sent, failed, or null (no address, or no e-mail here)"


class TeamSchema(Schema):
    id = fields.Integer(dump_only=True)
    name = fields.String(required=True, validate=[validate.Length(min=1, max=120), not_blank])


class TeamListItemSchema(TeamSchema):
    managed = fields.Boolean(dump_only=True)
    member_count = fields.Integer(dump_only=True)
    may_view_totals = fields.Boolean(dump_only=True)


class MemberChangeSchema(Schema):
    user_id = Id(required=True)


class InviteCreateSchema(Schema):
    email = fields.Email(load_default=None, allow_none=True, validate=validate.Length(max=254))
    role = fields.String(load_default="employee", validate=validate.OneOf(ROLES))
    expires_in_days = fields.Integer(load_default=14, validate=validate.Range(min=1, max=60))


class NewInviteSchema(Schema):
    id = fields.Integer()
    token = fields.String()
    url = fields.String()
    expires_at = Moment()
    role = fields.String()
    email = fields.String(allow_none=True)
    team = fields.Nested(Ref, allow_none=True)
    qr_svg = fields.String(metadata={"description": "The link as a QR code: an SVG image in a data: URL"})
    mail = fields.String(allow_none=True, metadata={"description": MAIL_STATE})


class PendingInviteSchema(Schema):
    """An invitation nobody has used yet; its link cannot be shown again (only a hash is kept)."""

    id = fields.Integer()
    team = fields.Nested(Ref, allow_none=True)
    role = fields.String()
    email = fields.String(allow_none=True)
    created_at = Moment()
    expires_at = Moment()
    created_by = fields.Nested(Ref, allow_none=True)
    mail = fields.String(allow_none=True, metadata={"description": MAIL_STATE})
    mail_error = fields.String(allow_none=True, metadata={"description": "Why the relay refused it, when failed"})


class NameSchema(Schema):
    name = fields.String()


class InviteInfoSchema(Schema):
    organisation = fields.Nested(NameSchema)
    team = fields.Nested(NameSchema, allow_none=True)
    email = fields.String(allow_none=True)
    role = fields.String()
    expires_at = Moment()
    expired = fields.Boolean()


class AcceptInviteSchema(Schema):
    name = fields.String(required=True, validate=[validate.Length(min=1, max=200), ONE_LINE, not_blank])
    email = fields.Email(required=True, validate=validate.Length(max=254))
    password = fields.String(required=True, load_only=True, validate=validate.Length(min=8, max=1024))
    remember = fields.Boolean(load_default=True)


class AcceptedInviteSchema(ProfileSchema):
    """The new person's profile, and (as sign-in answers) the same under `user` with the CSRF token."""

    user = fields.Nested(ProfileSchema)
    csrf_token = fields.String()
