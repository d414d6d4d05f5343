"""Input validation and output shapes for the learning block and the calendar feed's link."""

from datetime import time

from marshmallow import ValidationError, fields, post_load, validate, validates

from ..fields import Changes, Moment, Schema
from ..i18n import N_
from .models import MAX_MINUTES, MIN_MINUTES

TIME_PATTERN = validate.Regexp(r"^([01]\d|2[0-3]):[0-5]\d$")


class LearningBlockSchema(Schema):
    enabled = fields.Boolean()
    weekday = fields.Integer(
        validate=validate.Range(min=1, max=7), metadata={"description": "ISO weekday: 1 = Monday … 7 = Sunday"}
    )
    time = fields.String(metadata={"description": '24-hour "HH:MM" in the person\'s time zone', "example": "14:00"})
    minutes = fields.Integer(validate=validate.Range(min=MIN_MINUTES, max=MAX_MINUTES))
    timezone = fields.String(dump_only=True)
    updated_at = Moment(dump_only=True, allow_none=True)

    @validates("time")
    def _time(self, value: str, **_) -> None:
        if not TIME_PATTERN.regex.match(value):
            raise ValidationError(N_('Use 24-hour "HH:MM".'))

    @post_load
    def _parse_time(self, data: dict, **_) -> dict:
        if "time" in data:
            hours, minutes = data["time"].split(":")
            data["time"] = time(int(hours), int(minutes))
        return data


class LearningBlockChangesSchema(LearningBlockSchema, Changes):
    """A PATCH: at least one field."""


class CalendarLinkSchema(Schema):
    url = fields.String(metadata={"description": "Private iCalendar feed; anyone holding it can read it"})
