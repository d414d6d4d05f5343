"""Input validation and output shapes for knowledge sessions, attendance and the calendar feed."""
from datetime import UTC, datetime

from marshmallow import Schema, ValidationError, fields, post_load, validate, validates_schema

EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
LATEST = datetime(2100, 1, 1, tzinfo=UTC)


def _not_blank(value: str | None) -> None:
    if value is not None and not value.strip():
        raise ValidationError("Must not be blank.")


def _moment(**kwargs) -> fields.AwareDateTime:
    return fields.AwareDateTime(default_timezone=UTC,
                                validate=validate.Range(min=EARLIEST, max=LATEST, error="Out of range."), **kwargs)


class _SessionInput(Schema):
    @post_load
    def _tidy(self, data, **_):
        for key in ("starts_at", "ends_at"):
            if data.get(key) is not None:
                data[key] = data[key].astimezone(UTC)  # stored as UTC whatever zone was sent
        if isinstance(data.get("title"), str):
            data["title"] = data["title"].strip()
        for key in ("place", "description"):
            if isinstance(data.get(key), str):
                data[key] = data[key].strip() or None
        return data


class KnowledgeSessionCreateSchema(_SessionInput):
    title = fields.String(required=True, validate=[validate.Length(min=1, max=200), _not_blank])
    description = fields.String(allow_none=True, validate=validate.Length(max=5000))
    starts_at = _moment(required=True)
    ends_at = _moment(allow_none=True)
    place = fields.String(allow_none=True, validate=validate.Length(max=200))
    capacity = fields.Integer(allow_none=True, strict=True, validate=validate.Range(min=1, max=100_000))
    host_id = fields.Integer(allow_none=True, strict=True,
                             metadata={"description": "Someone in the organisation; default: the creator"})

    @validates_schema
    def _ends_after_start(self, data, **_):
        if data.get("ends_at") is not None and data["ends_at"] <= data["starts_at"]:
            raise ValidationError("The end must be after the start.", field_name="ends_at")


class KnowledgeSessionUpdateSchema(_SessionInput):
    title = fields.String(validate=[validate.Length(min=1, max=200), _not_blank])
    description = fields.String(allow_none=True, validate=validate.Length(max=5000))
    starts_at = _moment()
    ends_at = _moment(allow_none=True)
    place = fields.String(allow_none=True, validate=validate.Length(max=200))
    capacity = fields.Integer(allow_none=True, strict=True, validate=validate.Range(min=1, max=100_000))
    host_id = fields.Integer(strict=True)


class KnowledgeSessionQuerySchema(Schema):
    upcoming = fields.Boolean(load_default=False,
                              metadata={"description": "Only sessions not yet ended, soonest first"})
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))


class SessionHostSchema(Schema):
    id = fields.Integer()
    name = fields.String()


class KnowledgeSessionSchema(Schema):
    id = fields.Integer()
    title = fields.String()
    description = fields.String(allow_none=True)
    starts_at = fields.AwareDateTime(default_timezone=UTC)
    ends_at = fields.AwareDateTime(allow_none=True, default_timezone=UTC)
    place = fields.String(allow_none=True)
    capacity = fields.Integer(allow_none=True)
    host_id = fields.Integer(allow_none=True)
    host = fields.Nested(SessionHostSchema, allow_none=True)
    rsvp_count = fields.Integer()
    places_left = fields.Integer(allow_none=True, metadata={"description": "null: no limit"})
    attending = fields.Boolean(metadata={"description": "Whether the caller has said they are coming"})
    started = fields.Boolean()
    ended = fields.Boolean()
    can_edit = fields.Boolean()
    created_at = fields.AwareDateTime(default_timezone=UTC)


class AttendedEntrySchema(Schema):
    """The learning-log entry made for having attended (the same shape as `POST /entries` answers)."""
    id = fields.String()
    date = fields.Date()
    week = fields.String()
    week_start = fields.Date()
    minutes = fields.Integer()
    activity = fields.String()
    title = fields.String()
    resource_id = fields.Integer(allow_none=True)
    note = fields.String(allow_none=True)
    created_at = fields.AwareDateTime(default_timezone=UTC)
    updated_at = fields.AwareDateTime(default_timezone=UTC)


class CalendarLinkSchema(Schema):
    url = fields.String(metadata={"description": "Private iCalendar feed; anyone holding it can read it"})
