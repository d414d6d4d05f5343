"""Input validation and output shapes for teams."""
from marshmallow import Schema, fields, validate


class TeamSchema(Schema):
    id = fields.Integer(dump_only=True)
    name = fields.String(required=True, validate=validate.Length(min=1, max=120))
    managed = fields.Boolean(dump_only=True)
    member_count = fields.Integer(dump_only=True)


class MemberChangeSchema(Schema):
    user_id = fields.Integer(required=True)


class TeamListItemSchema(TeamSchema):
    may_view_totals = fields.Boolean(dump_only=True)


class TotalsQuerySchema(Schema):
    weeks = fields.Integer(load_default=12, validate=validate.Range(min=1, max=104))


class TotalsSubjectSchema(Schema):
    id = fields.Integer()
    name = fields.String()


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

    team = fields.Nested(TotalsSubjectSchema)
    goal_minutes = fields.Integer()
    weeks = fields.List(fields.Nested(TotalsWeekSchema))
    top_resources = fields.Nested(TotalsTopResourcesSchema)
    members = fields.List(fields.Nested(TotalsMemberSchema))
