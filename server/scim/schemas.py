"""Shapes of the provisioning-token API (the admin's side; the directory's side speaks SCIM)."""

from marshmallow import fields, validate

from ..fields import Moment, Schema


class ProvisioningTokenCreateSchema(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=100), metadata={"example": "Entra ID"})


class ProvisioningTokenSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    prefix = fields.String(metadata={"description": "The token's first characters, to tell tokens apart"})
    created_at = Moment()
    last_used_at = Moment(allow_none=True)


class NewProvisioningTokenSchema(ProvisioningTokenSchema):
    token = fields.String(metadata={"description": "Shown once: only its hash is kept"})
