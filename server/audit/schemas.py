"""Shapes of the audit trail as admins read it."""

from marshmallow import fields, validate

from ..fields import Moment, Schema


class AuditQuerySchema(Schema):
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))
    cursor = fields.String(validate=validate.Length(max=500))


class ActorSchema(Schema):
    id = fields.Integer(attribute="actor_id", allow_none=True)
    name = fields.String(attribute="actor_name")


class TargetSchema(Schema):
    type = fields.String(attribute="target_type")
    id = fields.Integer(attribute="target_id", allow_none=True)
    name = fields.String(attribute="target_name")


class AuditEventSchema(Schema):
    at = Moment()
    actor = fields.Nested(ActorSchema, metadata={"description": "Who acted; id null for the command line"})
    action = fields.String(metadata={"example": "person.role_changed"})
    target = fields.Nested(TargetSchema)
    details = fields.Dict()


class AuditPageSchema(Schema):
    items = fields.List(fields.Nested(AuditEventSchema))
    next_cursor = fields.String(allow_none=True)
