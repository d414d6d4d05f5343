"""Input validation and output shapes for the learning block and the calendar feed's link."""

from marshmallow import fields, validate

from ..fields import Changes, ClockTime, Moment, Schema
from .models import MAX_MINUTES, MIN_MINUTES


class LearningBlockSchema(Schema):
    enabled = fields.Boolean()
    weekday = fields.Integer(
        validate=validate.Range(min=1, max=7), metadata={"description": "ISO weekday: 1 = Monday … 7 = Sunday"}
    )
    time = ClockTime(metadata={"description": '24-hour "HH:MM" in the person\'s time zone'})
    minutes = fields.Integer(validate=validate.Range(min=MIN_MINUTES, max=MAX_MINUTES))
    timezone = fields.String(dump_only=True)
    updated_at = Moment(dump_only=True, allow_none=True)


class LearningBlockChangesSchema(LearningBlockSchema, Changes):
    """A PATCH: at least one field."""


class CalendarLinkSchema(Schema):
    url = fields.String(metadata={"description": "Private iCalendar feed; anyone holding it can read it"})
