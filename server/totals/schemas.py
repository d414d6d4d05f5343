"""Query and answer shapes of team and organisation totals."""

from marshmallow import fields, validate

from ..fields import Holiday, Ref, Schema


class TotalsQuerySchema(Schema):
    weeks = fields.Integer(load_default=12, validate=validate.Range(min=1, max=104))


class TotalsWeekSchema(Schema):
    """One week. `suppressed`: the group had fewer members than the organisation's `min_group_size`
    that week, so every figure but the member count is null (unless individual minutes are shown)."""

    week = fields.String(metadata={"example": "2026-W48"})
    week_start = fields.Date()
    member_count = fields.Integer()
    suppressed = fields.Boolean()
    holidays = fields.List(
        fields.Nested(Holiday),
        metadata={"description": "The week's public holidays in the organisation's country"},
    )
    total_minutes = fields.Integer(allow_none=True)
    members_met_goal = fields.Integer(allow_none=True)
    by_activity = fields.Dict(keys=fields.String(), values=fields.Integer(), allow_none=True)
    sessions_hosted = fields.Integer(
        allow_none=True, metadata={"description": "Knowledge sessions hosted by members that started this week"}
    )
    sessions_attended = fields.Integer(
        allow_none=True, metadata={"description": "Times members marked a knowledge session of this week as attended"}
    )


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
    min_group_size = fields.Integer()
    show_individual_minutes = fields.Boolean()
    weeks = fields.List(fields.Nested(TotalsWeekSchema))
    top_resources = fields.Nested(
        TotalsTopResourcesSchema,
        allow_none=True,
        metadata={"description": "From the weeks that are not suppressed; null when every week is"},
    )
    members = fields.List(fields.Nested(TotalsMemberSchema))
