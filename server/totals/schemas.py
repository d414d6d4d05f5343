"""Query and answer shapes of team and organisation totals."""
from marshmallow import fields, validate

from ..fields import Ref, Schema


class TotalsQuerySchema(Schema):
    weeks = fields.Integer(load_default=12, validate=validate.Range(min=1, max=104))


class TotalsWeekSchema(Schema):
    week = fields.String(metadata={"example": "2026-W48"})
    week_start = fields.Date()
    total_minutes = fields.Integer()
    member_count = fields.Integer()
    members_met_goal = fields.Integer()
    by_activity = fields.Dict(keys=fields.String(), values=fields.Integer())


class TotalsTopResourceSchema(Schema):
    id = fields.Integer()
    title = fields.String()
    kind = fields.String(allow_none=True)
    url = fields.String(allow_none=True)
    removed = fields.Boolean()
    entries = fields.Integer()
    minutes = fields.Integer()
    saves = fields.Integer()


class TotalsTopResourcesSchema(Schema):
    most_logged = fields.List(fields.Nested(TotalsTopResourceSchema))
    most_saved = fields.List(fields.Nested(TotalsTopResourceSchema))


class TotalsMemberWeekSchema(Schema):
    week = fields.String()
    minutes = fields.Integer()


class TotalsMemberSchema(Schema):
    user_id = fields.Integer()
    name = fields.String()
    weeks = fields.List(fields.Nested(TotalsMemberWeekSchema))


class TotalsSchema(Schema):
    """Aggregates only; `members` appears when the organisation shows individual minutes."""

    team = fields.Nested(Ref)
    goal_minutes = fields.Integer()
    weeks = fields.List(fields.Nested(TotalsWeekSchema))
    top_resources = fields.Nested(TotalsTopResourcesSchema)
    members = fields.List(fields.Nested(TotalsMemberSchema))
