"""Input validation and output shapes for teams."""
from marshmallow import Schema, fields, validate


class TeamSchema(Schema):
    id = fields.Integer(dump_only=True)
    name = fields.String(required=True, validate=validate.Length(min=1, max=120))
    managed = fields.Boolean(dump_only=True)
    member_count = fields.Integer(dump_only=True)


class MemberChangeSchema(Schema):
    user_id = fields.Integer(required=True)
